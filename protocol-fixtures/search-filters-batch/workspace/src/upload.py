import time


def retry_failed_upload(client, payload, attempts=3):
    """Uploads the payload, retrying with exponential backoff."""
    for attempt in range(attempts):
        try:
            return client.upload(payload)
        except ConnectionError:
            time.sleep(2 ** attempt)
    raise RuntimeError("upload failed")
