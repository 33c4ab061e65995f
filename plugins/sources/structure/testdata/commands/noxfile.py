import nox


@nox.session(python=["3.12"])
def tests(session):
    session.run("pytest")


@nox.session(name="lint")
def run_linters(session):
    session.run("ruff", "check")


@nox.session
def release(session):
    session.run("twine", "upload")
