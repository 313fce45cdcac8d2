"""Model instances from hand-written SQL, with their values converted as the ORM converts them.

For the few reads so busy that building and compiling the ORM's query costs more than running
it (measured with bench/hotpaths.py): the SQL is written once, and each row becomes the same
instances the ORM would have made (through each field's and the backend's own converters).
"""

from functools import cache

from django.db import connections
from django.db.models import Model


class Columns:
    """Some columns of one model under a table alias, and how to turn them into an instance."""

    def __init__(self, model: type[Model], alias: str, leave_out: tuple[str, ...] = ()):
        self.model = model
        self.alias = alias
        # In the model's own order: Model.from_db takes the values so.
        self.fields = [f for f in model._meta.concrete_fields if f.name not in leave_out]
        self.names = [f.attname for f in self.fields]

    def __len__(self) -> int:
        return len(self.fields)

    def sql(self, using: str = "default") -> str:
        quote = connections[using].ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column)}" for f in self.fields)

    def instance(self, values, using: str = "default") -> Model:
        connection = connections[using]
        converted = list(values)
        for position, field, converters in _converters(self, connection.vendor, using):
            for converter in converters:
                converted[position] = converter(converted[position], field, connection)
        return self.model.from_db(using, self.names, converted)


@cache
def _converters(columns: Columns, vendor: str, using: str) -> list:
    # What compiler.get_converters finds for these columns, worked out once per process.
    connection = connections[using]
    found = []
    for position, field in enumerate(columns.fields):
        col = field.get_col(columns.model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if converters:
            found.append((position, col, converters))
    return found
