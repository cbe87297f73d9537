"""PI detection, policies and exemption codes, true removal from PDFs, verification. Pure library."""
