using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

/// <summary>One account of a batch and the one-time password it was given: in memory and in the answer only, never stored.</summary>
public sealed record IssuedPassword(string UserName, string DisplayName, string UnitCode, string UnitName, string InitialPassword);

/// <summary>
/// Accounts as a sheet: the batch template the system administrator fills (one row per
/// account, the unit by its code), and the list of initial passwords the batch answers with.
/// There is no role column: roles and scope are the security administrator's to give (三员分立).
/// </summary>
public static class AccountSheet
{
    public const string SheetName = "账号";
    public const string UserName = "用户名";
    public const string DisplayName = "姓名/称谓";
    public const string UnitCode = "单位代码";
    public const string UnitName = "单位名称";
    public const string Phone = "手机号码";
    public const string Email = "电子邮箱";

    public const string PasswordSheet = "初始密码";
    public const string InitialPassword = "初始密码";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(UserName, true, "登录用的用户名：2～64位字母、数字或 . _ - @，以字母或数字开头，全系统唯一（不区分大小写）"),
        new(DisplayName, true, "界面上显示的姓名或称谓，如：安岳县发改局填报员，不超过100字"),
        new(UnitCode, true, "所属单位的单位代码，见“可选值”表（已停用的单位不能新增账号）", ListOf: UnitCode),
        new(UnitName, false, "仅供核对，导入时以单位代码为准"),
        new(Phone, false, "可不填；数字、空格及 + - ( )，5～20位"),
        new(Email, false, "可不填"),
    ];

    /// <summary>The empty sheet, its instructions, and the enabled units an account may be opened in.</summary>
    public static async Task<byte[]> TemplateAsync(BlueprintDb db, IStringLocalizer<SharedResource> t, XlsxUploadOptions options, CancellationToken ct)
    {
        var units = (await UnitTree.LoadAsync(db, ct)).Where(u => !u.IsDisabled).ToList();
        string[] guide =
        [
            t["Import.Guide.Rows", SheetName], t["AccountImport.Guide.NoRoles"], t["AccountImport.Guide.Passwords"],
            t["Import.Guide.AllOrNothing"], t["Import.Guide.Limits", options.MaxBytes / (1024 * 1024), AccountImport.MaxRows],
        ];
        return await SheetImport.TemplateAsync(SheetName, Columns, guide,
            [(UnitCode, [.. units.Select(u => u.Code)]), (UnitName, [.. units.Select(u => new string('\u3000', u.Depth) + u.Name)])], t, ct);
    }

    /// <summary>The one copy of a batch's initial passwords, with a second sheet on how to hand them out.</summary>
    public static Task<byte[]> PasswordListAsync(IReadOnlyList<IssuedPassword> issued, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var headers = XlsxColumn.Texts(UserName, DisplayName, UnitCode, UnitName, InitialPassword);
        var rows = issued.Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [UserName] = p.UserName,
            [DisplayName] = p.DisplayName,
            [UnitCode] = p.UnitCode,
            [UnitName] = p.UnitName,
            [InitialPassword] = p.InitialPassword,
        });
        XlsxColumn[] noteHeader = [new(t["Import.Guide.Note"], Width: 80)];
        var notes = new[] { t["AccountImport.PasswordNote"].Value, t["AccountImport.PasswordNote2"].Value }
            .Select(n => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { [noteHeader[0].Header] = n });
        // Titled like every export, so a printed copy says what it is; the note sheet says how to hand it out.
        return Xlsx.ExportAsync(
            [new XlsxSheet(PasswordSheet, headers, rows) { Title = t["AccountImport.PasswordFileName"] }, new XlsxSheet(t["Import.Guide.Sheet"], noteHeader, notes)], ct);
    }
}
