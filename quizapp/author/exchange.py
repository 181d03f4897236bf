"""GIFT import (a preview that names every problem, then a confirmed save) and export."""

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.author import gift_io
from quizapp.author.forms import GiftImportForm
from quizapp.author.views import bp
from quizapp.core.gift import GiftError, decode_gift, parse_gift
from quizapp.core.text import without_controls


@bp.route("/import", methods=["GET", "POST"])
def import_gift() -> str | Response:
    """Upload or paste GIFT; preview it; save only once confirmed."""
    form = GiftImportForm()
    parsed, text = None, ""
    if form.validate_on_submit():
        try:
            text = _submitted_text(form)
            parsed = parse_gift(text) if text.strip() else None
        except GiftError as exc:  # not UTF-8, or past the size or question limit
            uploaded = form.file.data and getattr(form.file.data, "filename", "")
            (form.file if uploaded else form.text).errors.append(str(exc))
            parsed, text = None, ""
        else:
            if parsed is None:
                form.text.errors.append("Choose a GIFT file or paste GIFT text.")
            elif request.form.get("confirm") == "yes" and parsed.questions:
                report = gift_io.import_questions(
                    parsed, form.status.data, form.as_of.data or date.today(), current_user
                )
                flash(report.summary(), "success")
                return redirect(url_for("author.questions", origin="imported"))
    return render_template(
        "author/import.html",
        form=form,
        parsed=parsed,
        text=text,
        rows=gift_io.preview_rows(parsed) if parsed else [],
    )


def _submitted_text(form: GiftImportForm) -> str:
    """The GIFT text: the uploaded file (UTF-8 only), else the pasted text."""
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        return without_controls(decode_gift(upload.read()))
    return form.text.data or ""


@bp.get("/export.gift")
def export_gift() -> Response:
    """The bank (optionally one state) as a GIFT file."""
    state = request.args.get("state") or None
    text, skipped = gift_io.export_questions(state)
    headers = {"Content-Disposition": 'attachment; filename="quizapp-questions.gift"'}
    if skipped:
        headers["X-Skipped-Questions"] = str(len(skipped))
    return Response(text, mimetype="text/plain; charset=utf-8", headers=headers)
