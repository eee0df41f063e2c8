"""What a refused request is told, in the same words by the pages, the API and SCIM."""

TOO_LARGE = (
    "The request body is larger than {limit:,} bytes, so it was not read. Send less at once "
    "(files go in a multipart upload)."
)
BAD_VALUE = (
    "A value in the request is out of range or contains characters that cannot be stored "
    "(such as a NUL byte)."
)
