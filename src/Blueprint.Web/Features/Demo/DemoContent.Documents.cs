using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reports.Issues;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>What the two offices print on their official documents (版头, 主送, 抄送, 印发), as 资阳's offices would.</summary>
    private async Task<string> SeedDocumentSettingsAsync()
    {
        db.AddRange(
            new OfficeSettings
            {
                Office = Roles.ProjectOffice,
                Authority = "资阳市重点项目工作推进办公室",
                Signature = "资阳市重点项目工作推进办公室",
                MainRecipients = "各县（区）人民政府，市级有关部门，各园区管委会",
                CopyTo = "市委办公室，市人大常委会办公室，市政府办公室，市政协办公室",
            },
            new OfficeSettings
            {
                Office = Roles.SupervisionOffice,
                Authority = "资阳市委市政府督查室",
                Signature = "中共资阳市委办公室",
                MainRecipients = "各县（区）委和人民政府，市级各部门",
                CopyTo = "市委、市人大常委会、市政府、市政协领导同志",
            });
        await db.SaveChangesAsync();
        return "2 document settings";
    }
}
