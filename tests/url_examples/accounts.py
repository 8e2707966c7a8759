EXAMPLES = {
    "verify_email": lambda cast: {"token": "not-a-real-token"},
    "password_reset_confirm": lambda cast: {"uidb64": "MQ", "token": "not-a-real-token"},
}
