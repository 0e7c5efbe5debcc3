"""The Discord bot: a front end over the gazette core (no business logic here)."""
