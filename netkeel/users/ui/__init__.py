"""The users app's pages: the signed-in user's API tokens, lent to the user menu (netkeel.core.ui.extensions)."""
