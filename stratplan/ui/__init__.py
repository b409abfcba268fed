"""The thin Qt layer: models adapt core data, widgets show it, dialogs ask."""
