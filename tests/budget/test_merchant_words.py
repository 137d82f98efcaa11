"""A merchant planning their own budget reads sentences written for them, and the field at
fault is marked: found by a new user, whose plan of nothing said "不会展示给商家"."""

from merchant_portal.access import Role

from .test_plans import shop_and_catalogue

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def field_block(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[0].rsplit('<div class="field', 1)[1]


def test_a_merchants_own_plan_of_nothing_speaks_to_the_merchant_and_marks_the_floor(client, auth):
    merchant, _ = shop_and_catalogue()
    auth.login(merchant.email)
    response = client.post(
        "/budget/my-plans/new",
        data={"budget": "1000", "objective": "revenue", "min_roas": "200"},
        headers=ZH,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    notice = page.split('id="nothing-spent"')[1].split("</section>")[0]
    assert "商家" not in notice, notice  # the reader is the merchant
    assert "没有保存" in notice
    assert "has-error" in field_block(page, "min_roas"), "the ROAS floor is not marked"
    assert 'value="200"' in page


def test_a_planner_still_reads_that_the_merchant_is_not_shown_it(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    page = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "1000", "objective": "revenue", "min_roas": "200"},
        headers=ZH,
    ).get_data(as_text=True)
    assert "不会展示给商家" in page
    assert "has-error" in field_block(page, "min_roas")


def test_without_a_floor_no_field_is_blamed(client, auth):
    merchant, _ = shop_and_catalogue()
    auth.login(merchant.email)
    page = client.post(
        "/budget/my-plans/new", data={"budget": "1000", "objective": "profit", "margin": "0.01"}
    ).get_data(as_text=True)
    assert 'id="nothing-spent"' in page
    assert "has-error" not in field_block(page, "min_roas")
