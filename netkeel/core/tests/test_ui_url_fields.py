"""A URL field of a generated form reads a URL typed without a scheme as https:// (Django 6's default), and
says so itself: Django 5.2 warns on every such form that leaves the scheme to its default."""

from __future__ import annotations

import warnings

import pytest
from django import forms

from netkeel.core.ui.forms import form_for
from netkeel.dcim.models import SoftwareImageFile


@pytest.mark.django_db
def test_a_url_typed_without_a_scheme_is_https_and_no_warning_is_given() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        form_class = form_for(SoftwareImageFile, None)
        form = form_class()
    field = form.fields["download_url"]
    assert isinstance(field, forms.URLField)
    assert field.clean("example.com/image.bin") == "https://example.com/image.bin"
