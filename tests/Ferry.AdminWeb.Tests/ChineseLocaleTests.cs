using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>The pages added for issue 3 §8 render in Chinese, labels and all.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class ChineseLocaleTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task The_new_pages_render_in_chinese()
    {
        long lin = await fixture.Admin.CreateAccountAsync("lin", "lin-password-1");
        IPage page = await fixture.NewPageAsync(locale: "zh-CN");
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);

        await Expect(page.Locator("[data-nav=import]")).ToHaveTextAsync("导入导出");
        await Expect(page.Locator("[data-nav=administrators]")).ToHaveTextAsync("管理员");
        await Expect(page.GetByTestId("my-role")).ToHaveTextAsync("超级管理员");

        await page.GotoAsync($"/admin/#/account/{lin}");
        await Expect(page.GetByTestId("profile-form").Locator("h2")).ToHaveTextAsync("个人资料");
        await Expect(page.GetByTestId("memberships-form").Locator("h2")).ToHaveTextAsync("所属部门");
        await Expect(page.GetByTestId("profile-form").Locator("label[for=field-email]")).ToHaveTextAsync("邮箱");
        await Expect(page.GetByTestId("save-profile")).ToHaveTextAsync("保存");
        await AdminPage.ScreenshotAsync(page, "profile-zh");

        await page.Locator("[data-nav=import]").ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("导入导出");
        await Expect(page.GetByTestId("dry-run")).ToHaveTextAsync("检查文件");
        await AdminPage.ScreenshotAsync(page, "import-zh");

        await page.Locator("[data-nav=ldap]").ClickAsync();
        await Expect(page.GetByTestId("ldap-preview")).ToHaveTextAsync("预览");
        await Expect(page.GetByTestId("ldap-form").Locator("label[for=field-baseDn]")).ToHaveTextAsync("基准 DN");
        await AdminPage.ScreenshotAsync(page, "ldap-zh");

        await page.Locator("[data-nav=administrators]").ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("管理员");
        await Expect(page.GetByTestId("save-admin")).ToHaveTextAsync("授予");
        await Expect(page.GetByTestId("administrators").Locator("thead")).ToContainTextAsync("角色");
        await AdminPage.ScreenshotAsync(page, "administrators-zh");

        await page.Locator("[data-nav=enterprise]").ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("企业设置");
        await Expect(page.GetByTestId("enterprise-form").Locator("label[for=field-name]")).ToHaveTextAsync("企业名称");

        await page.Locator("[data-nav=online]").ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("在线账号");
        await Expect(page.GetByTestId("online-total")).ToContainTextAsync("台设备在线");
        await Expect(page.GetByTestId("online-table").Locator("thead")).ToContainTextAsync("连接时间");
        await AdminPage.ScreenshotAsync(page, "online-zh");
        Assert.Empty(fixture.PageErrors);
    }
}
