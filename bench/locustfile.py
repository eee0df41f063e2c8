"""Locust users for bench/load.py: signed in, reading the pages people use most, no think time.
LOAD_TARGETS (JSON) names the accounts and pages; LOAD_MODE is "pages" or "bare"."""

import json
import os
import random
import re

from locust import HttpUser, constant, task

TARGETS = json.loads(os.environ["LOAD_TARGETS"])
MODE = os.environ.get("LOAD_MODE", "pages")


class Person(HttpUser):
    wait_time = constant(0)  # a closed loop: throughput is what the server gives

    def on_start(self) -> None:
        self.account = random.choice(TARGETS["accounts"])  # noqa: S311
        page = self.client.get("/accounts/login/", name="sign in")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": self.account["username"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )

    @task
    def read(self) -> None:
        if MODE == "bare":
            self.client.get("/bench/bare/", name="bare view")
            return
        name, url = random.choice(self.account["pages"])  # noqa: S311
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
