"""Attachments: what may be attached, by whom, and who may download it."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import override

from kms.core.filekinds import (
    ATTACHMENT_EMPTY,
    ATTACHMENT_MISMATCH,
    ATTACHMENT_NO_EXTENSION,
    ATTACHMENT_RENAME,
    ATTACHMENT_SCRIPTABLE,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_WRONG_TYPE,
    clean_filename,
)
from kms.knowledge.models import Attachment
from kms.knowledge.services.attachments import (
    ATTACHMENT_FORBIDDEN,
    MAX_ATTACHMENTS,
    TOO_MANY_ATTACHMENTS,
    attachment_add,
    attachment_delete,
)
from tests import samples
from tests.factories import ArticleFactory, AttachmentFactory, UserFactory

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^attachments/[0-9a-f]{32}\.[a-z]+$")


# Expected messages are formatted when compared, under the test's language,
# not when the parameters are collected.
translated = lazy(lambda template, params: str(template) % params, str)


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the msgids)."""
    with override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file())


@pytest.fixture
def author(db):
    return UserFactory(email="yazar@example.org")


@pytest.fixture
def draft(author):
    return ArticleFactory(author=author, status="draft", published_at=None)


@pytest.fixture
def samsun_draft(author, province_a):
    return ArticleFactory(
        author=author, province=province_a, status="draft", published_at=None
    )


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(error: ValidationError) -> list[str]:
    return error.message_dict["file"]


# --- what may be attached ---------------------------------------------------


@pytest.mark.parametrize("extension", sorted(samples.ACCEPTED))
def test_each_allowed_type_is_accepted_under_a_generated_name(
    author, draft, media, extension
):
    content, content_type = samples.ACCEPTED[extension]
    attachment = attachment_add(
        actor=author, article=draft, upload=upload(f"Rapor 2026{extension}", content)
    )
    attachment.refresh_from_db()
    assert attachment.original_name == f"Rapor 2026{extension}"
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert attachment.uploaded_by == author
    assert STORED_NAME.match(attachment.file.name)
    assert attachment.file.name.endswith(extension)
    assert "Rapor" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == content


def test_an_upper_case_extension_is_stored_in_lower_case(author, draft):
    attachment = attachment_add(
        actor=author, article=draft, upload=upload("TARAMA.PDF", samples.PDF)
    )
    assert attachment.original_name == "TARAMA.PDF"
    assert attachment.file.name.endswith(".pdf")


def test_office_files_are_told_apart_wherever_their_parts_sit(author, draft):
    # SharePoint puts customXml parts first: the main part comes fifth.
    docx = samples.ooxml(
        "docx",
        first_entries=[
            "customXml/item1.xml",
            "customXml/itemProps1.xml",
            "customXml/_rels/item1.xml.rels",
            "docProps/core.xml",
        ],
    )
    attachment = attachment_add(
        actor=author, article=draft, upload=upload("plan.docx", docx)
    )
    assert attachment.content_type == samples.ACCEPTED[".docx"][1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapor.docx",
            samples.PDF,
            translated(
                ATTACHMENT_RENAME,
                {
                    "extension": ".docx",
                    "found": "a PDF document",
                    "suggested": ".pdf",
                },
            ),
        ),
        (
            "rapor.pdf",
            samples.PNG,
            translated(
                ATTACHMENT_RENAME,
                {"extension": ".pdf", "found": "a PNG image", "suggested": ".png"},
            ),
        ),
        (
            "tablo.docx",
            samples.XLSX,
            translated(
                ATTACHMENT_RENAME,
                {
                    "extension": ".docx",
                    "found": "an Excel workbook",
                    "suggested": ".xlsx",
                },
            ),
        ),
        (
            "tablo.xls",
            samples.DOC,
            translated(
                ATTACHMENT_RENAME,
                {
                    "extension": ".xls",
                    "found": "a Word 97-2003 document",
                    "suggested": ".doc",
                },
            ),
        ),
        (
            "sunum.pptx",
            samples.ODP,
            translated(
                ATTACHMENT_RENAME,
                {
                    "extension": ".pptx",
                    "found": "an OpenDocument presentation",
                    "suggested": ".odp",
                },
            ),
        ),
        (
            "resim.png",
            samples.JPEG,
            translated(
                ATTACHMENT_RENAME,
                {"extension": ".png", "found": "a JPEG image", "suggested": ".jpg"},
            ),
        ),
        (
            "rapor.pdf",
            samples.HTML,
            translated(
                ATTACHMENT_MISMATCH, {"extension": ".pdf", "found": "an HTML page"}
            ),
        ),
        (
            "logo.png",
            samples.SVG,
            translated(
                ATTACHMENT_MISMATCH, {"extension": ".png", "found": "an SVG image"}
            ),
        ),
        (
            "rapor.pdf",
            samples.EXE,
            translated(
                ATTACHMENT_MISMATCH, {"extension": ".pdf", "found": "a program"}
            ),
        ),
        (
            "rapor.docx",
            samples.zip_archive(),
            translated(
                ATTACHMENT_MISMATCH, {"extension": ".docx", "found": "a ZIP archive"}
            ),
        ),
        (
            "makro.docx",
            samples.DOCM,
            translated(
                ATTACHMENT_MISMATCH,
                {"extension": ".docx", "found": "an Office document with macros"},
            ),
        ),
        (
            "eski.doc",
            samples.compound_file("__substg1.0_0037001F"),
            translated(
                ATTACHMENT_MISMATCH,
                {
                    "extension": ".doc",
                    "found": "another kind of Microsoft compound file",
                },
            ),
        ),
        (
            "kirik.doc",
            samples.DOC[:600],
            translated(
                ATTACHMENT_MISMATCH,
                {
                    "extension": ".doc",
                    "found": "another kind of Microsoft compound file",
                },
            ),
        ),
        (
            "not.pdf",
            "Yalnızca düz metin".encode(),
            translated(
                ATTACHMENT_MISMATCH, {"extension": ".pdf", "found": "plain text"}
            ),
        ),
        (
            "veri.jpg",
            bytes(range(256)),
            translated(
                ATTACHMENT_MISMATCH,
                {
                    "extension": ".jpg",
                    "found": "of a format that could not be recognised",
                },
            ),
        ),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(
    author, draft, media, name, content, message
):
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=author, article=draft, upload=upload(name, content))
    assert refusal(error.value) == [message]
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("logo.svg", translated(ATTACHMENT_SCRIPTABLE, {"extension": "SVG"})),
        ("sayfa.html", translated(ATTACHMENT_SCRIPTABLE, {"extension": "HTML"})),
        ("sayfa.HTM", translated(ATTACHMENT_SCRIPTABLE, {"extension": "HTM"})),
        ("kurulum.exe", translated(ATTACHMENT_WRONG_TYPE, {"extension": ".exe"})),
        ("arsiv.zip", translated(ATTACHMENT_WRONG_TYPE, {"extension": ".zip"})),
        ("rapor", ATTACHMENT_NO_EXTENSION),
    ],
)
def test_scriptable_and_unknown_types_are_refused_by_name(
    author, draft, media, name, message
):
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=author, article=draft, upload=upload(name, samples.PDF))
    assert refusal(error.value) == [message]
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused(settings, author, draft, media):
    settings.KMS_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        attachment_add(
            actor=author, article=draft, upload=upload("rapor.pdf", samples.PDF)
        )
    assert refusal(error.value) == [
        translated(
            ATTACHMENT_TOO_LARGE, {"size": "125\xa0bytes", "limit": "100\xa0bytes"}
        )
    ]
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_at_the_limit_is_accepted(settings, author, draft):
    settings.KMS_ATTACHMENT_MAX_BYTES = len(samples.PDF)
    attachment_add(actor=author, article=draft, upload=upload("r.pdf", samples.PDF))
    assert draft.attachments.count() == 1


def test_an_empty_file_is_refused(author, draft, media):
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=author, article=draft, upload=upload("bos.pdf", b""))
    assert refusal(error.value) == [ATTACHMENT_EMPTY]
    assert stored_files(media) == []


def test_an_article_has_at_most_ten_files(author, draft, media):
    for number in range(MAX_ATTACHMENTS):
        attachment_add(
            actor=author, article=draft, upload=upload(f"{number}.png", samples.PNG)
        )
    with pytest.raises(ValidationError) as error:
        attachment_add(
            actor=author, article=draft, upload=upload("fazla.png", samples.PNG)
        )
    assert refusal(error.value) == [TOO_MANY_ATTACHMENTS % {"max": 10}]
    assert draft.attachments.count() == 10
    assert len(stored_files(media)) == 10


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/Rapor.pdf", "Rapor.pdf"),
        ("C:\\Users\\ayse\\Masaüstü\\Bütçe 2026.pdf", "Bütçe 2026.pdf"),
        ("rap\x00or\x1b[31m.pdf", "rapor[31m.pdf"),
        # The right-to-left override would show "Faturaexe.pdf".
        ("Fatura\u202efdp.exe.pdf", "Faturafdp.exe.pdf"),
        ("  boşluklu   ad  .pdf", "boşluklu ad .pdf"),
        ("rapor.pdf. . ", "rapor.pdf"),
        ("/", "attachment.pdf"),
        ("alert(1)//.pdf", "attachment.pdf"),
        ("u" * 300 + ".pdf", "u" * 251 + ".pdf"),
    ],
)
def test_original_names_are_cleaned_for_display(name, shown):
    assert clean_filename(name, ".pdf") == shown


def test_the_stored_name_never_comes_from_the_uploaded_name(author, draft, media):
    attachment = attachment_add(
        actor=author,
        article=draft,
        upload=upload("../../../kms/settings.py.pdf", samples.PDF),
    )
    assert attachment.original_name == "settings.py.pdf"
    assert STORED_NAME.match(attachment.file.name)
    assert [p.parent.name for p in media.rglob("*.pdf")] == ["attachments"]


# --- who may attach -----------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_name", "allowed"),
    [
        ("author", True),
        ("member", False),
        ("staff_a", False),  # a draft is the author's alone
        ("staff_b", False),
        ("manager", True),
    ],
)
def test_who_may_attach_to_a_draft(request, samsun_draft, media, actor_name, allowed):
    actor = request.getfixturevalue(actor_name)
    if allowed:
        attachment_add(
            actor=actor, article=samsun_draft, upload=upload("r.pdf", samples.PDF)
        )
        assert samsun_draft.attachments.count() == 1
    else:
        with pytest.raises(PermissionDenied, match=str(ATTACHMENT_FORBIDDEN)):
            attachment_add(
                actor=actor, article=samsun_draft, upload=upload("r.pdf", samples.PDF)
            )
        assert samsun_draft.attachments.count() == 0
        assert stored_files(media) == []


def test_the_author_waits_while_the_article_is_reviewed(
    author, staff_a, staff_b, samsun_draft, media
):
    samsun_draft.status = "submitted"
    samsun_draft.save()
    with pytest.raises(PermissionDenied):
        attachment_add(
            actor=author, article=samsun_draft, upload=upload("r.pdf", samples.PDF)
        )
    with pytest.raises(PermissionDenied):
        attachment_add(
            actor=staff_b, article=samsun_draft, upload=upload("r.pdf", samples.PDF)
        )
    assert samsun_draft.attachments.count() == 0
    attachment_add(
        actor=staff_a, article=samsun_draft, upload=upload("r.pdf", samples.PDF)
    )
    assert samsun_draft.attachments.count() == 1


def test_deleting_removes_the_row_and_the_file_after_commit(
    author, draft, media, django_capture_on_commit_callbacks
):
    attachment = attachment_add(
        actor=author, article=draft, upload=upload("r.pdf", samples.PDF)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        attachment_delete(actor=author, attachment=attachment)
        assert Attachment.objects.count() == 0
        assert len(stored_files(media)) == 1  # still there until the commit
    for callback in callbacks:
        callback()
    assert stored_files(media) == []


def test_a_stranger_cannot_delete(member, draft, author, media):
    attachment = attachment_add(
        actor=author, article=draft, upload=upload("r.pdf", samples.PDF)
    )
    with pytest.raises(PermissionDenied):
        attachment_delete(actor=member, attachment=attachment)
    assert Attachment.objects.count() == 1
    assert len(stored_files(media)) == 1


# --- the files page -------------------------------------------------------------


def test_the_author_attaches_a_file_on_the_files_page(client, author, draft):
    client.force_login(author)
    url = reverse("kms:attachments", args=[draft.slug])
    response = client.post(
        url,
        {"file": upload("Bütçe.xlsx", samples.XLSX)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "“Bütçe.xlsx” is attached." in page
    assert [a.original_name for a in draft.attachments.all()] == ["Bütçe.xlsx"]


def test_a_bad_upload_answers_400_with_the_error_next_to_the_field(
    client, author, draft, media
):
    client.force_login(author)
    response = client.post(
        reverse("kms:attachments", args=[draft.slug]),
        {"file": upload("rapor.docx", samples.PDF)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="id_file_error"', 1)[1].split("</div>", 1)[0]
    assert "This file is named .docx, but its content is a PDF document." in error
    assert 'aria-invalid="true"' in page
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_post_without_a_file_answers_400(client, author, draft):
    client.force_login(author)
    response = client.post(reverse("kms:attachments", args=[draft.slug]), {})
    assert response.status_code == 400
    assert Attachment.objects.count() == 0


def test_the_files_page_lists_and_deletes(client, author, draft, media):
    attachment = AttachmentFactory(article=draft, original_name="<b>Rehber</b>.pdf")
    client.force_login(author)
    page = client.get(reverse("kms:attachments", args=[draft.slug])).content.decode()
    assert "&lt;b&gt;Rehber&lt;/b&gt;.pdf" in page
    assert reverse("kms:attachment_delete", args=[draft.slug, attachment.pk]) in page
    response = client.post(
        reverse("kms:attachment_delete", args=[draft.slug, attachment.pk])
    )
    assert response.status_code == 302
    assert Attachment.objects.count() == 0


def test_staff_of_another_province_get_404_on_a_samsun_draft(
    client, staff_b, samsun_draft, media
):
    attachment = AttachmentFactory(article=samsun_draft)
    client.force_login(staff_b)
    page = reverse("kms:attachments", args=[samsun_draft.slug])
    assert client.get(page).status_code == 404
    assert client.post(page, {"file": upload("r.pdf", samples.PDF)}).status_code == 404
    delete = reverse("kms:attachment_delete", args=[samsun_draft.slug, attachment.pk])
    assert client.post(delete).status_code == 404
    assert client.get(attachment_url(attachment)).status_code == 404
    assert Attachment.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_a_reader_who_may_not_edit_gets_403(client, member, media):
    article = ArticleFactory()
    attachment = AttachmentFactory(article=article)
    client.force_login(member)
    page = reverse("kms:attachments", args=[article.slug])
    assert client.get(page).status_code == 403
    assert client.post(page, {"file": upload("r.pdf", samples.PDF)}).status_code == 403
    delete = reverse("kms:attachment_delete", args=[article.slug, attachment.pk])
    assert client.post(delete).status_code == 403
    assert Attachment.objects.count() == 1


def test_an_attachment_is_deleted_only_through_its_own_article(client, author, draft):
    other = AttachmentFactory()
    client.force_login(author)
    response = client.post(
        reverse("kms:attachment_delete", args=[draft.slug, other.pk])
    )
    assert response.status_code == 404
    assert Attachment.objects.count() == 1


# --- downloads --------------------------------------------------------------


def attachment_url(attachment):
    return reverse("kms:attachment_download", args=[attachment.pk])


def test_the_download_is_an_attachment_with_its_stored_type(client):
    attachment = AttachmentFactory(original_name="Rehber.pdf")
    response = client.get(attachment_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Rehber.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(samples.PDF))
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == samples.PDF


def test_a_turkish_file_name_is_encoded_for_the_download(client):
    attachment = AttachmentFactory(original_name='İhracat "planı" 2026.pdf')
    response = client.get(attachment_url(attachment))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C4%B0hracat%20%22plan%C4%B1%22%202026.pdf"
    )


def test_members_only_attachments_are_404_for_visitors(client, member):
    attachment = AttachmentFactory(article=ArticleFactory(visibility="members"))
    assert client.get(attachment_url(attachment)).status_code == 404
    client.force_login(member)
    assert client.get(attachment_url(attachment)).status_code == 200


@pytest.mark.parametrize(
    ("actor_name", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        # A draft is its author's alone, until it is submitted.
        ("staff_a", 404),
        ("staff_b", 404),
        ("manager", 404),
        ("author", 200),
    ],
)
def test_unpublished_attachments_are_404_for_others(
    client, request, samsun_draft, actor_name, status
):
    attachment = AttachmentFactory(article=samsun_draft)
    user = request.getfixturevalue(actor_name)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(attachment_url(attachment)).status_code == status


def test_a_submitted_articles_files_reach_its_moderators_only(
    client, staff_a, staff_b, samsun_draft
):
    samsun_draft.status = "submitted"
    samsun_draft.save()
    attachment = AttachmentFactory(article=samsun_draft)
    client.force_login(staff_b)
    assert client.get(attachment_url(attachment)).status_code == 404
    client.force_login(staff_a)
    assert client.get(attachment_url(attachment)).status_code == 200


def test_a_missing_file_answers_404(client, media):
    attachment = AttachmentFactory()
    (media / attachment.file.name).unlink()
    assert client.get(attachment_url(attachment)).status_code == 404


def test_a_missing_attachment_answers_404(client):
    assert (
        client.get(reverse("kms:attachment_download", args=[999999])).status_code == 404
    )


# --- the article page ---------------------------------------------------------


def test_the_article_page_lists_its_files(client, author):
    article = ArticleFactory(author=author)
    AttachmentFactory(article=article, original_name="Pazar <analizi>.pdf")
    AttachmentFactory(
        article=article,
        original_name="Tablo.xlsx",
        content_type=samples.ACCEPTED[".xlsx"][1],
        size=2_500_000,
    )
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    section = html.split('id="attachments"', 1)[1].split("</section>", 1)[0]
    assert "Pazar &lt;analizi&gt;.pdf" in section
    assert "bi-file-earmark-pdf" in section
    assert "bi-file-earmark-excel" in section
    assert "2.4\xa0MB" in section
    assert "125\xa0bytes" in section
    assert reverse("kms:attachments", args=[article.slug]) not in section
    client.force_login(author)
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("kms:attachments", args=[article.slug]) in html


def test_an_article_without_files_shows_no_files_section(client):
    article = ArticleFactory()
    assert (
        'id="attachments"'
        not in client.get(article.get_absolute_url()).content.decode()
    )
