"""iCalendar: export of what is dated in the store, import of the calendars bodies publish."""
