"""Modal dialogs (`ModalScreen` subclasses) of the explorer."""
