"""Public Wagtail pages of programmes: ProgrammeIndexPage and ProgrammePage."""
