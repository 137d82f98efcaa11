"""Command-line tasks: ``flask --app wsgi create-user`` and ``flask --app wsgi seed-demo``."""

import click
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from .access import STAFF_ROLES, Role
from .auth.forms import PASSWORD_MAX, PASSWORD_MIN
from .auth.models import User
from .auth.services import create_staff_user, find_user_by_email
from .extensions import db


@click.command("create-user")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in STAFF_ROLES]),
    help="The staff role of the new account.",
)
@click.argument("email")
@click.password_option(help="Asked for (hidden, twice) when not given.")
def create_user_command(role: str, email: str, password: str) -> None:
    """Create a staff account (reviewer, planner or admin)."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    if find_user_by_email(email):
        raise click.BadParameter(f"{email} already has an account.", param_hint="EMAIL")
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.BadParameter(
            f"use between {PASSWORD_MIN} and {PASSWORD_MAX} characters", param_hint="password"
        )
    create_staff_user(email, Role(role), password=password)
    db.session.commit()
    click.echo(f"Created {role} account {email}.")


@click.command("recompute-quality")
def recompute_quality_command() -> None:
    """Recompute every product's listing quality score (after an upgrade changes the rules)."""
    from .onboarding.products.models import Product, ProductImage
    from .onboarding.products.quality import assess_product

    images = dict(
        db.session.execute(
            select(ProductImage.product_id, func.count())
            .where(ProductImage.change_id.is_(None))  # not images waiting in a change
            .group_by(ProductImage.product_id)
        ).all()
    )
    changed = 0
    for product in db.session.scalars(select(Product).execution_options(yield_per=500)):
        score = assess_product(product, images.get(product.id, 0)).score
        if score != product.quality_score:
            product.quality_score = score
            changed += 1
    db.session.commit()
    click.echo(f"Quality scores recomputed; {changed} changed.")


@click.command("load-categories")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_categories_command(path: str | None) -> None:
    """Load the category tree from the repository's seed file, or from PATH (.xlsx or CSV, the
    format the admin page exports). Run again, it changes nothing."""
    from pathlib import Path

    from .audit import audit
    from .csv_files import ImportRejected
    from .onboarding.categories.services import SEED_FILE, import_tree_file

    raw = Path(path).read_bytes() if path else SEED_FILE.read_bytes()
    try:
        changes = import_tree_file(raw)
    except ImportRejected as rejected:
        for problem in rejected.problems[:50]:
            click.echo(f"row {problem.row}, {problem.column}: {problem.message}", err=True)
        raise click.ClickException("Nothing loaded: the file has problems.") from None
    if changes.any:
        audit(None, "category_tree", 0, "import_category_tree", detail=changes.as_detail())
    db.session.commit()
    click.echo(
        f"Categories loaded: {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.retired)} retired."
    )


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def seed_demo_command(if_empty: bool) -> None:
    """Fill an empty database with demo accounts, stores, products, activities and placements."""
    from .demo import DEMO_PASSWORD, seed_demo

    if db.session.scalar(select(func.count()).select_from(User)):
        if if_empty:
            click.echo("The database already has accounts; demo data not added.")
            return
        raise click.ClickException("The database is not empty; seed-demo only fills an empty one.")
    logins = seed_demo()
    db.session.commit()
    click.echo(f"Demo data added. Every demo account's password is: {DEMO_PASSWORD}")
    for role, email in logins:
        click.echo(f"  {role:<9} {email}")


@click.command("snapshot-health")
def snapshot_health_command() -> None:
    """Record every store's health score for today (the job worker does it nightly)."""
    from .growth.health_job import snapshot_today

    result = snapshot_today()
    click.echo(
        f"Health recorded for {result.stores} stores; {result.crossings} fell below the line."
    )


@click.command("check-documents")
def check_documents_command() -> None:
    """Tell merchants and their managers of documents lapsing or lapsed (the job worker does
    it nightly); each notice once, however often it runs."""
    from .growth.document_expiry import check_documents
    from .timeutil import market_today

    checked = check_documents(market_today())
    db.session.commit()
    click.echo(f"Documents checked: {checked.expiring} lapsing soon, {checked.lapsed} lapsed.")


@click.command("refresh-growth")
def refresh_growth_command() -> None:
    """Recompute the growth summaries: stage snapshots and moves, category demand (nightly)."""
    from .growth.summaries import refresh
    from .timeutil import market_today

    counts = refresh(market_today())
    db.session.commit()
    click.echo("Growth summaries refreshed: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
