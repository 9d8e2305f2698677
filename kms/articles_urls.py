"""URLs of the knowledge base, under /kms/ (namespace "kms")."""

from django.urls import path

from .views import articles as views

app_name = "kms"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
]
