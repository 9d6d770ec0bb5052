from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Uploaded and generated files: they have no public URL at all, so nothing can link to
    them by mistake; they are served only through views that check the user's scope."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a scope-checked view.")
