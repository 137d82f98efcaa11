from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...access import OWNERS, Role, roles_required
from ...extensions import db
from ...forms import EmptyForm
from ...timeutil import market_today
from ...uploads import UploadRejected, send_upload
from ...workflow.machine import AlreadyDecided, IllegalTransition
from ...workflow.models import Review
from ...workflow.reasons import reason_labels
from ...workflow.reviewable import ReviewStatus
from ..queries import current_store
from ..team.queries import own_store_ids
from . import bp
from .forms import DocumentForm, StoreProfileForm
from .models import Store, StoreDocument
from .services import (
    NotReady,
    add_document,
    after_commit_discard,
    remove_document,
    save_profile,
    submit_store,
)


def store_documents(store: Store) -> list[StoreDocument]:
    return list(
        db.session.scalars(
            select(StoreDocument)
            .where(StoreDocument.store_id == store.id)
            .order_by(StoreDocument.uploaded_at)
        )
    )


def store_reviews(store: Store) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.subject_kind == "store", Review.subject_id == store.id)
            .order_by(Review.created_at.desc(), Review.id.desc())
        )
    )


def render_profile(store, form=None, document_form=None, status=200, confirm_remove=None):
    return (
        render_template(
            "store/profile.html",
            store=store,
            form=form or StoreProfileForm(obj=store),
            document_form=document_form or DocumentForm(),
            documents=store_documents(store),
            reviews=store_reviews(store),
            reason_labels=reason_labels,
            action_form=EmptyForm(),
            confirm_remove=confirm_remove,
            today=market_today(),
        ),
        status,
    )


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def profile():
    store = current_store()
    form = StoreProfileForm(obj=store)
    if form.is_submitted() and not store.editable:
        flash(
            _("Your application is with merchant operations; it can be edited once they reply."),
            "error",
        )
        return redirect(url_for("store.profile"))
    if form.validate_on_submit():
        save_profile(store, form, current_user)
        db.session.commit()
        flash(_("Store profile saved."), "success")
        return redirect(url_for("store.profile"))
    return render_profile(store, form=form, status=400 if form.errors else 200)


def keep_typed_profile(store: Store) -> StoreProfileForm | None:
    """Every button on the profile page posts the whole page (one form), so uploading or
    removing a document, or submitting, never loses what is typed in the profile: a valid
    profile is saved as the draft with the action; an invalid one is returned with its
    problems, to show again as typed. None when there is nothing left to show."""
    if "name" not in request.form:  # posted without the profile (an older page): keep as is
        return None
    form = StoreProfileForm()
    if form.validate():
        save_profile(store, form, current_user)
        return None
    return form


def get_own_document_or_404(document_id: int) -> StoreDocument:
    document = db.session.scalar(
        select(StoreDocument)
        .join(Store, StoreDocument.store_id == Store.id)
        .where(StoreDocument.id == document_id, Store.id == own_store_ids())
    )
    if document is None:
        abort(404)
    return document


@bp.route("/documents", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def upload_document():
    store = current_store()
    form = DocumentForm()
    # an approved store renews a document that lapses: the new one waits for a verdict
    if not (store.editable or store.status == ReviewStatus.APPROVED):
        abort(409)
    if form.validate_on_submit():
        typed = keep_typed_profile(store) if store.editable else None
        try:
            add_document(store, form.kind.data, form.file.data, current_user, form.expires_on.data)
        except UploadRejected as problem:
            form.file.errors = [str(problem)]
        else:
            db.session.commit()
            if not store.editable:  # a renewal: the profile was not in the request
                flash(_("Document uploaded: merchant operations will check it."), "success")
                return redirect(url_for("store.profile"))
            if typed is None:
                flash(_("Document uploaded; your profile is saved as typed."), "success")
                return redirect(url_for("store.profile"))
            flash(_("Document uploaded. Your profile is not saved yet: see below."), "success")
            return render_profile(store, form=typed, status=400)
        db.session.rollback()  # the upload was refused: nothing is saved, everything shown
        return render_profile(
            store, form=typed or StoreProfileForm(), document_form=form, status=400
        )
    return render_profile(store, form=StoreProfileForm(), document_form=form, status=400)


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def delete_document(document_id: int):
    document = get_own_document_or_404(document_id)
    store = current_store()
    if not store.editable or not EmptyForm().validate_on_submit():
        abort(409)
    typed = keep_typed_profile(store)
    if request.args.get("confirm") != "1":
        # a removed file is gone for good: the first press asks, on the same page, what is
        # typed kept (the confirming button posts the whole page again, with confirm=1)
        db.session.commit()
        return render_profile(store, form=typed, confirm_remove=document)
    remove_document(store, document, current_user)
    db.session.commit()
    after_commit_discard(document)
    flash(_("Removed %(file)s.", file=document.original_name), "info")
    if typed is not None:
        return render_profile(store, form=typed, status=400)
    return redirect(url_for("store.profile"))


@bp.route("/documents/<int:document_id>")
@roles_required(Role.MERCHANT, Role.REVIEWER, Role.ADMIN, store=OWNERS)
def document(document_id: int):
    """The file itself: to its merchant, and to the staff who review it."""
    if current_user.role == Role.MERCHANT:
        found = get_own_document_or_404(document_id)
    else:
        found = db.session.get(StoreDocument, document_id) or abort(404)
    return send_upload("document", found.stored_name, found.original_name, found.content_type)


@bp.route("/submit", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def submit():
    store = current_store()
    if not EmptyForm().validate_on_submit():
        abort(400)
    if store.editable:
        typed = keep_typed_profile(store)  # what is submitted is what is on screen
        if typed is not None:
            flash(_("Nothing was submitted: fix the profile below first."), "error")
            return render_profile(store, form=typed, status=400)
    try:
        submit_store(store, store_documents(store), current_user)
    except NotReady as problem:
        db.session.commit()  # the profile as typed is kept as the draft
        flash(str(problem), "error")
        return redirect(url_for("store.profile"))
    except (IllegalTransition, AlreadyDecided):
        flash(_("Your store is already with merchant operations."), "info")
        return redirect(url_for("store.profile"))
    db.session.commit()
    flash(
        _("Submitted. Merchant operations will review your store; you will hear from them here."),
        "success",
    )
    return redirect(url_for("onboarding.checklist"))
