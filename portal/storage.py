from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class PrivateFileSystemStorage(FileSystemStorage):
    """Uploaded and generated files: they have no public URL at all, so nothing can link to
    them by mistake; they are served only through views that check the user's scope."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a scope-checked view.")


class PrivateS3Storage(S3Storage):
    """The same promise on S3-compatible object storage (PORTAL_S3_BUCKET): no URL, not even
    a signed one; files are read by the scope-checked views and streamed to the user."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; serve them through a scope-checked view.")
