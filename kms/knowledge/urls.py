"""URLs of the knowledge base, under /kms/ (namespace "kms")."""

from django.urls import path

from .views import articles as views
from .views import attachments, authoring, engagement, feeds, moderation

app_name = "kms"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    # engagement: fixed prefixes first, before <slug:slug>/
    path("saved/", engagement.saved, name="saved"),
    path("follow/", engagement.follow, name="follow"),
    path("following/", engagement.following, name="following"),
    path("unsubscribe/<str:token>/", engagement.unsubscribe, name="unsubscribe"),
    path("comments/<int:pk>/flag/", engagement.comment_flag, name="comment_flag"),
    path(
        "comments/<int:pk>/moderate/",
        engagement.comment_moderate,
        name="comment_moderate",
    ),
    # authoring and moderation: fixed prefixes first, before <slug:slug>/
    path("new/", authoring.article_create, name="article_create"),
    path("mine/", authoring.my_articles_view, name="my_articles"),
    path("moderation/", moderation.moderation_queue_view, name="moderation"),
    # finding things: fixed prefixes first, before <slug:slug>/
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("feed/", feeds.article_feed, name="feed"),
    path("feed/atom/", feeds.article_feed_atom, name="feed_atom"),
    path("feed/category/<slug:slug>/", feeds.category_feed, name="category_feed"),
    path("feed/tag/<slug:slug>/", feeds.tag_feed, name="tag_feed"),
    # attachments: the download's fixed prefix first, before <slug:slug>/
    path(
        "attachments/<int:pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path("<slug:slug>/", views.article_detail, name="article_detail"),
    path("<slug:slug>/edit/", authoring.article_edit, name="article_edit"),
    path("<slug:slug>/submit/", authoring.article_submit_view, name="article_submit"),
    path("<slug:slug>/review/", moderation.article_review, name="article_review"),
    path("<slug:slug>/revisions/", authoring.revision_list, name="revisions"),
    path(
        "<slug:slug>/revisions/<int:number>/restore/",
        authoring.revision_restore_view,
        name="revision_restore",
    ),
    path("<slug:slug>/vote/", engagement.article_vote, name="article_vote"),
    path("<slug:slug>/comments/", engagement.comment_create, name="comment_create"),
    path("<slug:slug>/bookmark/", engagement.bookmark, name="bookmark"),
    path("<slug:slug>/attachments/", attachments.attachments, name="attachments"),
    path(
        "<slug:slug>/attachments/<int:pk>/delete/",
        attachments.attachment_delete_view,
        name="attachment_delete",
    ),
]
