"""What sitrep hands its users: the contract JSON, the brief, exports."""
