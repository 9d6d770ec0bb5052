from django.urls import path

from . import views

app_name = "casebook"

urlpatterns = [
    path("", views.index, name="index"),
]
