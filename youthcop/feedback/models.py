"""Participants' say on the year: session ratings, "I can't come", themes proposed for coming workshops."""
