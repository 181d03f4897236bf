"""The question form's images: a new upload cleaned and kept, the kept one checked, removal.

One image above the question, and one beside each option of a choice question; both are read
by the same steps (_take) from four fields: the file, its alt text, the image kept and "remove".
Called after the form's own validation, and whatever its outcome: a valid upload is kept even
when another field is refused, so the form comes back with the image (browsers never send a
chosen file twice). A refused upload changes nothing saved.
"""

from typing import Any

from wtforms import Field

from quizapp.author.forms import QuestionForm
from quizapp.core.kinds import kind_of
from quizapp.core.questions import option_id
from quizapp.extensions import db
from quizapp.images.clean import MAX_BYTES, ImageRefused, clean_image
from quizapp.images.store import file_name, image_ref, save_image
from quizapp.images.views import FILE_NAME
from quizapp.models import QuestionImage, User


def fill_image(form: QuestionForm, extra: dict[str, Any] | None, options: Any = None) -> None:
    """Put a stored question's image, and its options' images (if any), into the form."""
    ref = (extra or {}).get("image")
    if ref:
        form.image.data, form.image_alt.data = ref["file"], ref.get("alt", "")
    for entry, option in zip(form.options, options or [], strict=False):
        ref = option.get("image")
        if ref:
            entry.form.image.data, entry.form.image_alt.data = ref["file"], ref.get("alt", "")


def take_image(form: QuestionForm, uploader: User) -> bool:
    """Keep new uploads, check the images and their alt texts; on success (True) the form's
    content, if valid, shows them. False when something about an image was refused."""
    ok, ref = _take(form, uploader)
    if form.content and ref:
        form.content["extra"] = {**form.content["extra"], "image": ref}
    if not kind_of(form.type.data or "").option_images:
        return ok
    by_id = {o["id"]: o for o in (form.content or {}).get("options", [])}
    for entry in form.options:
        taken, ref = _take(entry.form, uploader)
        ok = ok and taken
        text = (entry.form.text.data or "").strip()
        if ref and not text:
            entry.form.text.errors = [*entry.form.text.errors, "Write this option's text too."]
            ok = False
        option = by_id.get(option_id(text))
        if option is not None and ref:
            option["image"] = ref
    return ok


def _take(fields: Any, uploader: User) -> tuple[bool, dict[str, Any] | None]:
    """One image's four fields (image_file, image_alt, image, remove_image) read: whether they
    were accepted, and the image's reference when one is kept."""
    file_field: Field = fields.image_file
    upload = file_field.data
    if upload and getattr(upload, "filename", ""):
        try:
            clean = clean_image(upload.read(MAX_BYTES + 1), upload.filename)
        except ImageRefused as refused:
            file_field.errors = [*file_field.errors, str(refused)]
            return False, None
        fields.image.data = file_name(save_image(clean, uploader))
        fields.remove_image.data = False
    if fields.remove_image.data:
        fields.image.data, fields.image_alt.data = "", ""
    if not fields.image.data:
        return True, None
    match = FILE_NAME.fullmatch(fields.image.data)
    kept = db.session.get(QuestionImage, match.group(1)) if match else None
    if kept is None:
        fields.image.data = ""
        file_field.errors = [*file_field.errors, "The image could not be found: choose it again."]
        return False, None
    alt = (fields.image_alt.data or "").strip()
    if not alt:
        fields.image_alt.errors = [
            *fields.image_alt.errors,
            "Describe the image in a few words: people who cannot see it read this instead.",
        ]
        return False, None
    return True, image_ref(kept, alt)
