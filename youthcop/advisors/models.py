"""Private messages between a participant and the confidential advisor of their side."""
