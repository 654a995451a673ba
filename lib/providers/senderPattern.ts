/** A sender: a phone number (3 to 15 digits, `+` optional) or an alphanumeric sender ID of up to 11 characters. */
export const SENDER_PATTERN = /^(\+?[0-9]{3,15}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;
