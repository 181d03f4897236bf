"""The question form's image: a new upload cleaned and kept, the kept one checked, removal.

Called after the form's own validation, and whatever its outcome: a valid upload is kept even
when another field is refused, so the form comes back with the image (browsers never send a
chosen file twice). A refused upload changes nothing saved.
"""

from typing import Any

from quizapp.author.forms import QuestionForm
from quizapp.extensions import db
from quizapp.images.clean import MAX_BYTES, ImageRefused, clean_image
from quizapp.images.store import file_name, image_ref, save_image
from quizapp.images.views import FILE_NAME
from quizapp.models import QuestionImage, User


def fill_image(form: QuestionForm, extra: dict[str, Any] | None) -> None:
    """Put a stored question's image (if any) into the form."""
    ref = (extra or {}).get("image")
    if ref:
        form.image.data, form.image_alt.data = ref["file"], ref.get("alt", "")


def take_image(form: QuestionForm, uploader: User) -> bool:
    """Keep a new upload, check the image and its alt text; on success (True) the form's
    content, if valid, shows the image. False when something about the image was refused."""
    upload = form.image_file.data
    if upload and getattr(upload, "filename", ""):
        try:
            clean = clean_image(upload.read(MAX_BYTES + 1), upload.filename)
        except ImageRefused as refused:
            form.image_file.errors.append(str(refused))
            return False
        form.image.data = file_name(save_image(clean, uploader))
        form.remove_image.data = False
    if form.remove_image.data:
        form.image.data, form.image_alt.data = "", ""
    ref = None
    if form.image.data:
        match = FILE_NAME.fullmatch(form.image.data)
        kept = db.session.get(QuestionImage, match.group(1)) if match else None
        if kept is None:
            form.image.data = ""
            form.image_file.errors.append("The image could not be found: choose it again.")
            return False
        alt = (form.image_alt.data or "").strip()
        if not alt:
            form.image_alt.errors.append(
                "Describe the image in a few words: people who cannot see it read this instead."
            )
            return False
        ref = image_ref(kept, alt)
    if form.content and ref:
        form.content["extra"] = {**form.content["extra"], "image": ref}
    return True
