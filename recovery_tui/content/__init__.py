"""What the app shows as data: instruments, check-in words, support lines. Never imports textual."""
