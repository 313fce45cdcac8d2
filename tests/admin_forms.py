"""Fill in an admin change form as the browser would send it back."""


def _put(form, data: dict) -> None:
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))


def change_form_data(page) -> dict:
    """Return every field of the page's form and of its inlines' rows, as they stand."""
    data: dict = {}
    _put(page.context["adminform"].form, data)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        rows = formset.initial_forms
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(rows))
        for form in rows:
            _put(form, data)
    return data
