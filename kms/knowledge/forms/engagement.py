"""Forms of the knowledge base's engagement: small POST forms of the article
page, the saved list and the follow buttons."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kms.core.forms import StyledFormMixin

from ..models import Category, Comment, CommentFlag, HelpfulVote, Tag
from ..services.engagement import FOLLOW_ONE_TARGET


def _yes(value: str) -> bool:
    return value == "yes"


class VoteForm(StyledFormMixin, forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this article helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=_yes,
    )
    reason = forms.CharField(
        label=_("What was missing? (optional)"),
        max_length=HelpfulVote._meta.get_field("reason").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        help_texts = {
            "body": _("Plain text, up to 2,000 characters. Be kind and stay on topic.")
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        # The article page holds other forms: keep this one's ids apart.
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)


class FlagForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at it? (optional)"),
        max_length=CommentFlag._meta.get_field("reason").max_length,
        required=False,
    )


class ModerateForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("Moderation"),
        choices=[("hide", _("Hide the comment")), ("restore", _("Show the comment"))],
    )


class BookmarkForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("Saved articles"),
        choices=[("save", _("Save")), ("remove", _("Remove"))],
        required=False,
    )

    def saved(self) -> bool | None:
        """The state asked for, or None to flip it."""
        action = self.cleaned_data.get("action")
        return {"save": True, "remove": False}.get(action)


class FollowForm(StyledFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=capfirst(_("category")), queryset=Category.objects.all(), required=False
    )
    tag = forms.ModelChoiceField(
        label=capfirst(_("tag")), queryset=Tag.objects.all(), required=False
    )
    action = forms.ChoiceField(
        label=_("Follow"),
        choices=[("follow", _("Follow")), ("unfollow", _("Unfollow"))],
    )

    def clean(self):
        cleaned = super().clean()
        if "category" in self.errors or "tag" in self.errors:
            return cleaned
        if (cleaned.get("category") is None) == (cleaned.get("tag") is None):
            raise forms.ValidationError(FOLLOW_ONE_TARGET)
        return cleaned
