"""Letter templates (immutable versions), rendering with docxtpl, PDF conversion. Pure library."""
