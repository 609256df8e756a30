"""Links the explorer writes into what people share are built from its configured public
address (AGGSTATS_PUBLIC_URL), never from the request's Host header; a path that is no page
answers 404."""

from __future__ import annotations

from dashboard.app import create_app
from dashboard.callbacks.downloads import view_link
from dashboard.state import View


def test_a_download_links_the_configured_address_whatever_the_host_header(tmp_path, monkeypatch):
    monkeypatch.setenv("AGGSTATS_PUBLIC_URL", "https://aggstats.example.org/")
    app = create_app(tmp_path / "none.duckdb")
    with app.server.test_request_context("/", headers={"Host": "attacker.example"}):
        link = view_link(View())
    assert link.startswith("https://aggstats.example.org/?") and "attacker" not in link


def test_without_a_setting_the_link_is_the_default_served_address(tmp_path, monkeypatch):
    monkeypatch.delenv("AGGSTATS_PUBLIC_URL", raising=False)
    app = create_app(tmp_path / "none.duckdb")
    with app.server.test_request_context("/", headers={"Host": "attacker.example"}):
        assert view_link(View()).startswith("http://127.0.0.1:8050/?")


def test_unknown_paths_answer_404_and_pages_200(tmp_path):
    client = create_app(tmp_path / "none.duckdb").server.test_client()
    for path in ("/", "/about", "/about/", "/?measure=x"):
        assert client.get(path).status_code == 200, path
    for path in ("/nope", "/wp-login.php", "/about/more", "/.env"):
        answer = client.get(path)
        assert answer.status_code == 404 and b"aggstats" in answer.data, path


def test_serve_names_its_own_address_as_the_public_one_unless_told(tmp_path, monkeypatch):
    from dashboard import production

    started = []
    monkeypatch.setattr(production.os, "execv", lambda exe, argv: started.append(argv))
    monkeypatch.delenv("AGGSTATS_PUBLIC_URL", raising=False)
    production.serve(tmp_path / "w.duckdb", "0.0.0.0", 8060)
    assert production.os.environ["AGGSTATS_PUBLIC_URL"] == "http://127.0.0.1:8060"
    assert started[0][-3:] == ["dashboard.production", str(tmp_path / "w.duckdb"), "0.0.0.0:8060"]
    monkeypatch.setenv("AGGSTATS_PUBLIC_URL", "https://aggstats.example.org")
    production.serve(tmp_path / "w.duckdb", "127.0.0.1", 8061)
    assert production.os.environ["AGGSTATS_PUBLIC_URL"] == "https://aggstats.example.org"
