from django.core.management import call_command


def test_configuration_doc_lists_every_environment_variable():
    """docs/configuration.md is generated from the settings; regenerate with `motcua envdoc`."""
    call_command("envdoc", "--check")
