"""PI detection, policies, exemption codes, true removal from PDFs, verification. Pure library."""
