"""Downloads of private files: attachments and generated documents, always scope-checked."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import registry
from ..models import Attachment, Document

SAFE_INLINE = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"}


def _private_file_response(file, *, filename: str, content_type: str, inline: bool):
    response = FileResponse(
        file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )
    # Never let the browser run or reinterpret a user's file in our origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment_download(request, pk):
    attachment = Attachment.objects.select_related("owner_type").filter(pk=pk).first()
    if attachment is None or attachment.is_draft:  # a kept upload is nobody's to read yet
        raise Http404
    model = attachment.owner_type.model_class()
    can_view = registry.attachment_access_for(model) if model else None
    owner = attachment.owner
    if can_view is None or owner is None or not can_view(request.user, owner):
        raise Http404
    return _private_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        inline=request.GET.get("inline") == "1" and attachment.content_type in SAFE_INLINE,
    )


def document_response(request, document: Document, *, back_url: str):
    """The PDF if ready; otherwise a page that says it is being prepared. The page polls
    ``?format=json`` (progressive enhancement) and starts the download when it is done."""
    if request.GET.get("format") == "json":
        return JsonResponse({"status": document.status})
    if document.status == Document.Status.DONE and document.file:
        return _private_file_response(
            document.file,
            filename=document.filename,
            content_type="application/pdf",
            inline=False,
        )
    failed = document.status == Document.Status.FAILED
    return render(
        request,
        "portal/document_pending.html",
        {"document": document, "back_url": back_url},
        status=503 if failed else 200,
    )
