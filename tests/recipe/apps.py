from django.apps import AppConfig


class RecipeConfig(AppConfig):
    """The README's "Your own page models" recipe, as a site app: its
    ``models.py`` is the README's snippet (``tests/test_recipe.py`` fails
    when the two differ)."""

    name = "tests.recipe"
    label = "recipe"
    default_auto_field = "django.db.models.BigAutoField"
