"""crispy-forms-gds 2.0.1 does not list Django 5.2 as supported, so this renders one form holding
every field kind and layout object the template pack offers, unbound, bound with invalid data and
bound with valid data, and checks the GOV.UK Frontend markup that comes out. A break in the pack
under a new Django shows here first.

Checks that the pack is known to fail, whatever the Django version, are strict xfails: they pass
while the gap remains and fail (XPASS) once the pack fixes it, so the marker can come off."""

import datetime

import crispy_forms_gds.layout
import pytest
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Accordion,
    AccordionSection,
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Div,
    Field,
    Fieldset,
    Fixed,
    Fluid,
    Hidden,
    Layout,
    Size,
    Submit,
    TabPanel,
    Tabs,
)
from crispy_forms_gds.templatetags import crispy_forms_gds as gds_tags
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test.html import Element, parse_html

# A gap in crispy-forms-gds itself (the same under every Django version), not a Django 5.2 break.
PACK_GAP = "crispy-forms-gds 2.0.1 gap, not a Django 5.2 break: "


def pack_gap(reason):
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=PACK_GAP + reason)


class EveryKindForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        help_text="As it appears on your passport",
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    age = forms.IntegerField(
        label="Age", error_messages={"invalid": "Enter your age as a whole number"}
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter a password"},
    )
    description = forms.CharField(
        label="Describe the concern",
        help_text="Do not include personal details",
        max_length=200,
        widget=forms.Textarea,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("", "Choose a colour"), ("red", "Red"), ("blue", "Blue")],
        error_messages={"invalid_choice": "Select a colour from the list"},
    )
    size = forms.ChoiceField(
        label="Size",
        widget=forms.RadioSelect,
        choices=[
            Choice("small", "Small", hint="Up to 10 people"),
            Choice("large", "Large", divider="or"),
            Choice("unsure", "I do not know"),
        ],
        error_messages={"required": "Select a size"},
    )
    answer = forms.ChoiceField(
        label="Have you attended before?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Select yes if you have attended before"},
    )
    contact = forms.ChoiceField(
        label="How should we contact you?",
        widget=forms.RadioSelect,
        choices=[("email", "Email"), ("phone", "Phone")],
        error_messages={"required": "Select how we should contact you"},
    )
    phone = forms.CharField(label="Phone number", required=False)
    topics = forms.MultipleChoiceField(
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
        choices=[
            Choice("neglect", "Neglect", hint="Including self-neglect"),
            Choice("exploitation", "Exploitation"),
        ],
        error_messages={"required": "Select at least one topic"},
    )
    agree = forms.BooleanField(
        label="I agree to the terms",
        error_messages={"required": "Confirm you agree to the terms"},
    )
    document = forms.FileField(
        label="Upload a file", error_messages={"required": "Select a file to upload"}
    )
    start_date = DateInputField(label="Start date")
    reference = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # rendered without a request
        self.helper.layout = Layout(
            HTML.h2("Tell us about the event"),
            Fieldset(
                Field.text("name", field_width=Fixed.TEN),
                Field.text("email", field_width=Fluid.ONE_HALF),
                Field.text("age", field_width=Fixed.THREE),
                Field.text("password"),
                legend="Your details",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("description", rows=4, max_characters=200),
            Tabs(
                TabPanel(
                    "Choices",
                    Field.select("colour"),
                    Field.radios("size"),
                    Field.radios("answer", inline=True),
                ),
                TabPanel(
                    "Contact",
                    ConditionalRadios(
                        "contact", "Email", ConditionalQuestion("Phone", Field.text("phone"))
                    ),
                ),
            ),
            Accordion(
                AccordionSection(
                    "Topics", Field.checkboxes("topics"), summary="What the event covers"
                ),
                AccordionSection(
                    "Paperwork", Field.checkbox("agree"), Field("document"), Field("start_date")
                ),
            ),
            Div(
                HTML.details("Why we ask", "So we can plan the event."),
                css_class="govuk-!-margin-bottom-6",
                css_id="why-we-ask",
            ),
            "reference",
            Hidden("token", "abc123"),
            Button.secondary("save_draft", "Save as draft"),
            Submit("send", "Send"),
        )


VALID_DATA = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "age": "36",
    "password": "correct horse battery staple",
    "description": "A short description.",
    "colour": "blue",
    "size": "large",
    "answer": "no",
    "contact": "phone",
    "phone": "020 7946 0000",
    "topics": ["neglect", "exploitation"],
    "agree": "on",
    "start_date_0": "7",
    "start_date_1": "3",
    "start_date_2": "2025",
    "reference": "REF-42",
}

INVALID_DATA = {
    "name": "",
    "email": "not-an-email",
    "age": "thirty",
    "password": "",
    "description": "x" * 201,
    "colour": "purple",
    "start_date_0": "aa",
    "start_date_1": "3",
    "start_date_2": "2025",
    "reference": "REF-42",
}

# (field, the message shown for INVALID_DATA); the radios, checkboxes and file are left blank.
ERRORS = [
    ("name", "Enter your full name"),
    ("email", "Enter an email address in the correct format"),
    ("age", "Enter your age as a whole number"),
    ("password", "Enter a password"),
    ("description", "Description must be 200 characters or fewer"),
    ("colour", "Select a colour from the list"),
    ("size", "Select a size"),
    ("answer", "Select yes if you have attended before"),
    ("contact", "Select how we should contact you"),
    ("topics", "Select at least one topic"),
    ("agree", "Confirm you agree to the terms"),
    ("document", "Select a file to upload"),
    ("start_date", "Enter a valid date"),
]

PAGE = Template(
    "{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}"
)


def valid_files():
    return {"document": SimpleUploadedFile("notes.txt", b"notes", content_type="text/plain")}


def render(form):
    return parse_html(PAGE.render(Context({"form": form})))


@pytest.fixture
def unbound():
    return render(EveryKindForm())


@pytest.fixture
def invalid():
    form = EveryKindForm(data=INVALID_DATA)
    assert not form.is_valid()
    return render(form)


# -- Finding elements in the parsed page ------------------------------------------------------


def descendants(node):
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from descendants(child)


def classes(element):
    return set((dict(element.attributes).get("class") or "").split())


def find_all(root, tag=None, css_class=None, **attributes):
    """Elements (root included) with the tag, carrying css_class and exactly these attributes.

    parse_html hands back the single top element itself when there is only one, as for an unbound
    form with no error summary, hence root is searched too."""
    return [
        element
        for element in [root, *descendants(root)]
        if (tag is None or element.name == tag)
        and (css_class is None or css_class in classes(element))
        and all(dict(element.attributes).get(k) == v for k, v in attributes.items())
    ]


def find(root, tag=None, css_class=None, **attributes):
    found = find_all(root, tag, css_class, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag} class~={css_class} {attributes}> in the page"
    return found[0]


def text(element):
    parts = [c if isinstance(c, str) else text(c) for c in element.children]
    return " ".join(" ".join(parts).split())


def enclosing_form_group(root, element):
    """The innermost govuk-form-group holding element (descendants come in document order)."""
    groups = [
        group
        for group in find_all(root, "div", "govuk-form-group")
        if any(inner is element for inner in descendants(group))
    ]
    return groups[-1]


def form_group(root, field):
    return find(root, "div", "govuk-form-group", id=f"div_id_{field}")


# -- The form really holds every kind the pack offers ---------------------------------------


def layout_objects(node):
    for child in [*getattr(node, "fields", []), *getattr(node, "choices", [])]:
        if not isinstance(child, str):
            yield child
            yield from layout_objects(child)


def test_the_form_uses_every_layout_object_the_pack_offers():
    not_layout_objects = {"Layout", "Colour", "Fixed", "Fluid", "Size"}
    offered = set(crispy_forms_gds.layout.__all__) - not_layout_objects
    used = {type(obj).__name__ for obj in layout_objects(EveryKindForm().helper.layout)}
    assert offered - used == set()


def test_the_form_has_a_field_for_every_kind_the_pack_tells_apart():
    form = EveryKindForm()
    kinds = {name: f for name, f in gds_tags.register.filters.items() if name.startswith("is_")}
    assert len(kinds) >= 6  # is_checkbox, is_checkboxes, is_radios, is_select, is_file, ...
    assert [name for name, is_kind in kinds.items() if not any(map(is_kind, form))] == []


# -- Unbound: each field kind and layout object renders GOV.UK markup --------------------------


@pytest.mark.parametrize(
    ("tag", "attributes", "css_classes"),
    [
        pytest.param(
            "input",
            {"id": "id_name", "name": "name", "type": "text", "aria-describedby": "id_name_hint"},
            {"govuk-input", "govuk-input--width-10"},
            id="text input with a fixed width and hint",
        ),
        pytest.param("div", {"id": "id_name_hint"}, {"govuk-hint"}, id="hint for the text input"),
        pytest.param("label", {"for": "id_name"}, {"govuk-label"}, id="label for the text input"),
        pytest.param(
            "input",
            {"id": "id_email", "name": "email", "type": "email"},
            {"govuk-input", "govuk-!-width-one-half"},
            id="email input with a fluid width",
        ),
        pytest.param(
            "input",
            {"id": "id_age", "name": "age", "type": "number"},
            {"govuk-input--width-3"},
            id="number input keeps its width",
        ),
        pytest.param(
            "input",
            {"id": "id_age", "name": "age"},
            {"govuk-input"},
            # The package has no class for NumberInput; CRISPY_CLASS_CONVERTERS in settings gives it one.
            id="number input is a govuk-input",
        ),
        pytest.param(
            "input",
            {"id": "id_password", "name": "password", "type": "password"},
            {"govuk-input"},
            id="password input",
        ),
        pytest.param(
            "textarea",
            {"id": "id_description", "name": "description", "rows": "4"},
            {"govuk-textarea", "govuk-js-character-count"},
            id="textarea with a character count",
        ),
        pytest.param(
            "div",
            {"data-module": "govuk-character-count", "data-maxlength": "200"},
            {"govuk-character-count"},
            id="character count wrapper",
        ),
        pytest.param(
            "span",
            {"id": "id_description-info"},
            {"govuk-hint", "govuk-character-count__message"},
            id="character count message",
        ),
        pytest.param(
            "select", {"id": "id_colour", "name": "colour"}, {"govuk-select"}, id="select"
        ),
        pytest.param(
            "input",
            {"id": "id_size_1", "name": "size", "type": "radio", "value": "small"},
            {"govuk-radios__input"},
            id="radio button",
        ),
        pytest.param(
            "span", {"id": "id_size_1_hint"}, {"govuk-radios__hint"}, id="radio hint (Choice)"
        ),
        pytest.param(
            "input",
            {"id": "id_answer_2", "name": "answer", "type": "radio", "value": "no"},
            {"govuk-radios__input"},
            id="inline radio button",
        ),
        pytest.param(
            "input",
            {"id": "id_contact_1", "name": "contact", "aria-controls": "conditional_contact_1"},
            {"govuk-radios__input"},
            id="conditional radio controls its reveal",
        ),
        pytest.param(
            "div",
            {"id": "conditional_contact_1"},
            {"govuk-radios__conditional", "govuk-radios__conditional--hidden"},
            id="conditional reveal",
        ),
        pytest.param(
            "input",
            {"id": "id_topics_1", "name": "topics", "type": "checkbox", "value": "neglect"},
            {"govuk-checkboxes__input"},
            id="checkbox in a set",
        ),
        pytest.param(
            "span",
            {"id": "id_topics_1_hint"},
            {"govuk-checkboxes__hint"},
            id="checkbox hint (Choice)",
        ),
        pytest.param(
            "input",
            {"id": "id_agree", "name": "agree", "type": "checkbox"},
            {"govuk-checkboxes__input"},
            id="single checkbox",
        ),
        pytest.param(
            "label",
            {"for": "id_agree"},
            {"govuk-label", "govuk-checkboxes__label"},
            id="single checkbox label",
        ),
        pytest.param(
            "input",
            {"id": "id_document", "name": "document", "type": "file"},
            {"govuk-file-upload"},
            id="file upload",
        ),
        pytest.param("div", {"id": "id_start_date"}, {"govuk-date-input"}, id="date input"),
        *[
            pytest.param(
                "input",
                {"id": f"id_start_date_{i}", "name": f"start_date_{i}", "type": "text"},
                {"govuk-input", "govuk-date-input__input", width},
                id=f"date input {part}",
            )
            for i, part, width in [
                (0, "day", "govuk-input--width-2"),
                (1, "month", "govuk-input--width-2"),
                (2, "year", "govuk-input--width-4"),
            ]
        ],
    ],
)
def test_it_renders_each_field_type_with_govuk_markup(unbound, tag, attributes, css_classes):
    element = find(unbound, tag, **attributes)
    assert css_classes <= classes(element)


def test_it_renders_the_radios_stacked_or_inline(unbound):
    stacked = find(form_group(unbound, "size"), "div", "govuk-radios")
    assert len(find_all(stacked, "input", "govuk-radios__input", name="size")) == 3
    assert text(find(stacked, "div", "govuk-radios__divider")) == "or"
    inline = find(form_group(unbound, "answer"), "div", "govuk-radios--inline")
    assert len(find_all(inline, "input", "govuk-radios__input", name="answer")) == 2


def test_it_renders_the_checkbox_set_and_the_single_checkbox_apart(unbound):
    group = find(form_group(unbound, "topics"), "div", "govuk-checkboxes")
    assert len(find_all(group, "input", "govuk-checkboxes__input", name="topics")) == 2
    assert text(find(form_group(unbound, "topics"), "legend", "govuk-fieldset__legend")) == "Topics"
    single = form_group(unbound, "agree")
    assert len(find_all(single, "input", "govuk-checkboxes__input")) == 1
    assert find_all(single, "legend") == []


def test_it_renders_the_date_input_as_a_fieldset_with_labelled_parts(unbound):
    group = form_group(unbound, "start_date")
    assert text(find(group, "legend", "govuk-fieldset__legend")) == "Start date"
    labels = find_all(group, "label", "govuk-date-input__label")
    assert [(dict(label.attributes)["for"], text(label)) for label in labels] == [
        ("id_start_date_0", "Day"),
        ("id_start_date_1", "Month"),
        ("id_start_date_2", "Year"),
    ]


def test_it_renders_the_hidden_fields_as_hidden_inputs(unbound):
    assert find(unbound, "input", type="hidden", name="reference", id="id_reference")
    assert find(unbound, "input", type="hidden", name="token", value="abc123")
    assert find_all(unbound, id="div_id_reference") == []


def test_the_conditional_reveal_holds_its_question(unbound):
    reveal = find(unbound, "div", "govuk-radios__conditional", id="conditional_contact_1")
    assert find(reveal, "input", "govuk-input", name="phone", id="id_phone")
    radios = find(unbound, "div", "govuk-radios", **{"data-module": "govuk-radios"})
    assert [dict(i.attributes)["value"] for i in find_all(radios, "input", name="contact")] == [
        "email",
        "phone",
    ]


@pytest.mark.parametrize(
    ("tag", "attributes", "css_classes", "content"),
    [
        pytest.param(
            "form",
            {"method": "post", "enctype": "multipart/form-data"},
            set(),
            None,
            id="multipart form for the upload",
        ),
        pytest.param(
            "legend",
            {},
            {"govuk-fieldset__legend", "govuk-fieldset__legend--m"},
            "Your details",
            id="fieldset legend",
        ),
        pytest.param("h2", {}, {"govuk-heading-l"}, "Tell us about the event", id="HTML heading"),
        pytest.param("div", {"id": "why-we-ask"}, {"govuk-!-margin-bottom-6"}, None, id="Div"),
        pytest.param(
            "details",
            {"data-module": "govuk-details"},
            {"govuk-details"},
            "Why we ask So we can plan the event.",
            id="HTML details",
        ),
        pytest.param(
            "div",
            {"id": "accordion", "data-module": "govuk-accordion"},
            {"govuk-accordion"},
            None,
            id="accordion",
        ),
        pytest.param(
            "span", {}, {"govuk-accordion__section-button"}, "Topics", id="accordion section"
        ),
        pytest.param(
            "div",
            {"id": "accordion-summary-1"},
            {"govuk-accordion__section-summary"},
            "What the event covers",
            id="accordion section summary",
        ),
        pytest.param("div", {"data-module": "govuk-tabs"}, {"govuk-tabs"}, None, id="tabs"),
        pytest.param("a", {"href": "#contact"}, {"govuk-tabs__tab"}, "Contact", id="tab link"),
        pytest.param("div", {"id": "contact"}, {"govuk-tabs__panel"}, None, id="tab panel"),
        pytest.param(
            "button",
            {"name": "save_draft", "id": "id_save_draft", "data-module": "govuk-button"},
            {"govuk-button", "govuk-button--secondary"},
            "Save as draft",
            id="Button",
        ),
        pytest.param(
            "input",
            {"type": "submit", "name": "send", "value": "Send"},
            {"govuk-button"},
            None,
            id="Submit",
        ),
    ],
)
def test_it_renders_each_layout_object_with_govuk_markup(
    unbound, tag, attributes, css_classes, content
):
    candidates = [
        element
        for element in find_all(unbound, tag, **attributes)
        if css_classes <= classes(element) and (content is None or text(element) == content)
    ]
    assert len(candidates) == 1


def test_the_tab_panels_hold_their_fields(unbound):
    choices = find(unbound, "div", "govuk-tabs__panel", id="choices")
    assert find(choices, "select", "govuk-select", name="colour")
    contact = find(unbound, "div", "govuk-tabs__panel", id="contact")
    assert find_all(contact, "input", name="contact")
    assert find_all(choices, "input", name="contact") == []


def test_an_unbound_form_shows_no_errors(unbound):
    assert find_all(unbound, css_class="govuk-error-summary") == []
    assert find_all(unbound, css_class="govuk-form-group--error") == []
    assert find_all(unbound, css_class="govuk-error-message") == []


# -- Bound with invalid data: errors beside each field and in the summary ---------------------


@pytest.mark.parametrize(("field", "message"), ERRORS)
def test_it_shows_each_error_beside_its_field(invalid, field, message):
    error = find(invalid, "span", "govuk-error-message", id=f"id_{field}_1_error")
    assert text(error) == f"Error: {message}"
    group = enclosing_form_group(invalid, error)
    assert "govuk-form-group--error" in classes(group)
    assert [e for e in descendants(group) if dict(e.attributes).get("name", "").startswith(field)]


@pytest.mark.parametrize(
    ("field", "error_class"),
    [
        ("name", "govuk-input--error"),
        pytest.param(
            "email",
            "govuk-input--error",
            marks=pack_gap("only Select, TextInput and Textarea get an error class"),
        ),
        pytest.param(
            "age",
            "govuk-input--error",
            marks=pack_gap("only Select, TextInput and Textarea get an error class"),
        ),
        pytest.param(
            "password",
            "govuk-input--error",
            marks=pack_gap("only Select, TextInput and Textarea get an error class"),
        ),
        pytest.param(
            "description",
            "govuk-textarea--error",
            marks=pack_gap("a Textarea gets govuk-input--error, not govuk-textarea--error"),
        ),
        pytest.param(
            "colour",
            "govuk-select--error",
            marks=pack_gap("a Select gets govuk-input--error, not govuk-select--error"),
        ),
        ("document", "govuk-file-upload--error"),
        ("start_date_0", "govuk-input--error"),
    ],
)
def test_it_gives_each_invalid_input_its_govuk_error_class(invalid, field, error_class):
    element = find(invalid, id=f"id_{field}")
    assert error_class in classes(element)
    assert dict(element.attributes).get("aria-invalid") == "true"


def test_only_the_wrong_part_of_the_date_is_marked_as_in_error(invalid):
    assert "govuk-input--error" in classes(find(invalid, "input", id="id_start_date_0"))
    assert "govuk-input--error" not in classes(find(invalid, "input", id="id_start_date_1"))
    assert "govuk-input--error" not in classes(find(invalid, "input", id="id_start_date_2"))


def test_the_error_summary_lists_every_error_and_no_more(invalid):
    summary = find(invalid, "div", "govuk-error-summary", **{"data-module": "govuk-error-summary"})
    assert text(find(summary, "h2", "govuk-error-summary__title")) == "There is a problem"
    listed = find(summary, "ul", "govuk-error-summary__list")
    assert sorted(text(link) for link in find_all(listed, "a")) == sorted(m for _, m in ERRORS)


@pytest.mark.parametrize(
    ("message", "href"),
    [
        ("Enter your full name", "#id_name"),
        ("Enter an email address in the correct format", "#id_email"),
        ("Enter your age as a whole number", "#id_age"),
        ("Enter a password", "#id_password"),
        ("Description must be 200 characters or fewer", "#id_description"),
        ("Select a colour from the list", "#id_colour"),
        ("Select a file to upload", "#id_document"),
        ("Confirm you agree to the terms", "#id_agree"),
        ("Enter a valid date", "#id_start_date_0"),  # the day, the part that is wrong
        # templates/gds/layout/error_summary.html sends radios and checkboxes to their first input.
        ("Select a size", "#id_size_1"),
        ("Select yes if you have attended before", "#id_answer_1"),
        ("Select how we should contact you", "#id_contact_1"),
        ("Select at least one topic", "#id_topics_1"),
    ],
)
def test_the_error_summary_links_each_error_to_its_field(invalid, message, href):
    summary = find(invalid, "div", "govuk-error-summary")
    assert [text(a) for a in find_all(summary, "a", href=href)] == [message]


@pytest.mark.parametrize(
    "href",
    [
        "#id_name",
        "#id_colour",
        "#id_document",
        "#id_agree",
        "#id_start_date_0",
        "#id_size_1",
        "#id_answer_1",
        "#id_topics_1",
        # ConditionalRadios number from _0, so this lands on the second option: close enough.
        "#id_contact_1",
    ],
)
def test_each_error_summary_link_leads_to_an_element_on_the_page(invalid, href):
    assert len(find_all(invalid, id=href.removeprefix("#"))) == 1


# -- Bound with valid data: it cleans, and re-renders what was entered ------------------------


def test_a_valid_submission_cleans_to_python_values():
    form = EveryKindForm(data=VALID_DATA, files=valid_files())
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert type(data["start_date"]) is datetime.date
    assert data["start_date"] == datetime.date(2025, 3, 7)
    assert data["age"] == 36
    assert data["agree"] is True
    assert data["topics"] == ["neglect", "exploitation"]
    assert (data["size"], data["answer"], data["contact"]) == ("large", "no", "phone")
    assert data["document"].read() == b"notes"
    assert data["reference"] == "REF-42"


def test_a_blank_optional_date_cleans_to_none():
    form = EveryKindForm(
        data={**VALID_DATA, "start_date_0": "", "start_date_1": "", "start_date_2": ""},
        files=valid_files(),
    )
    form.fields["start_date"].required = False
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] is None


@pytest.mark.parametrize(
    ("tag", "attributes", "state"),
    [
        ("input", {"id": "id_name"}, ("value", "Ada Lovelace")),
        ("input", {"id": "id_start_date_0"}, ("value", "7")),
        ("input", {"id": "id_start_date_2"}, ("value", "2025")),
        ("option", {"value": "blue"}, ("selected", None)),
        ("input", {"name": "size", "value": "large"}, ("checked", None)),
        ("input", {"name": "answer", "value": "no"}, ("checked", None)),
        ("input", {"name": "contact", "value": "phone"}, ("checked", None)),
        ("input", {"name": "topics", "value": "exploitation"}, ("checked", None)),
        ("input", {"id": "id_agree"}, ("checked", None)),
        ("input", {"id": "id_reference"}, ("value", "REF-42")),
    ],
)
def test_a_bound_form_renders_what_was_entered(tag, attributes, state):
    page = render(EveryKindForm(data=VALID_DATA, files=valid_files()))
    assert state in find(page, tag, **attributes).attributes


def test_a_bound_form_leaves_unchosen_options_unchecked():
    page = render(EveryKindForm(data=VALID_DATA, files=valid_files()))
    assert "checked" not in dict(find(page, "input", name="size", value="small").attributes)
    assert "checked" not in dict(find(page, "input", name="answer", value="yes").attributes)
