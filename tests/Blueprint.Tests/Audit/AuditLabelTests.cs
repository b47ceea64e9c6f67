using System.Globalization;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Audit;

/// <summary>
/// The audit log shows every record kind, field and enum value in the words users read on the
/// forms, never a C# name: a new entity, property or enum value without a Chinese label fails
/// here, naming it, rather than reaching the audit administrator as "Requested by id".
/// </summary>
public sealed class AuditLabelTests(Apps apps)
{
    /// <summary>What the interceptor leaves out of the chain (see AuditInterceptor).</summary>
    private static readonly Type[] NotAudited = [typeof(AuditRecord), typeof(AuditChainHead), typeof(SignInEvent), typeof(DataProtectionKey), typeof(Web.Features.Figures.KeptFigure)];

    /// <summary>Events that are not row changes, with the fields their records carry.</summary>
    private static readonly (string Entity, Type Fields)[] Events =
    [
        (AuditLog.LogEntity, typeof(AuditFilter)),
        (AuditLog.SignInLogEntity, typeof(SignInFilter)),
        (nameof(User), typeof(AccountFilter)),
        (nameof(Unit), typeof(UnitListFilter)),
    ];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Every_audited_record_kind_field_and_enum_value_has_a_Chinese_label(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var labels = new AuditLabels(scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), db.Model);
            var missing = new List<string>();
            var audited = db.Model.GetEntityTypes().Where(e => !NotAudited.Contains(e.ClrType)).ToList();
            Assert.True(audited.Count > 40, $"found {audited.Count} audited record kinds");
            foreach (var type in audited)
            {
                var entity = type.ClrType.Name;
                Check(labels.Entity(entity), $"Audit.Entity.{entity}");
                foreach (var (field, property) in Fields(type))
                {
                    Check(labels.KnownField(entity, field), $"Audit.Field.{entity}.{field}");
                    var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                    foreach (var value in clr.IsEnum ? Enum.GetValues(clr).Cast<object>() : [])
                    {
                        // Shown as stored (by name) and as older records hold it (by number).
                        foreach (var json in new[] { JsonSerializer.Serialize(value.ToString()), Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) })
                        {
                            var change = Assert.Single(labels.Changes(entity, null, $"{{\"{field}\":{json}}}"));
                            Check(change.After, $"{entity}.{field} = {clr.Name}.{value} ({json})");
                        }
                    }
                }
            }

            // A submission step names its kind by code; the audit shows the record kind's words.
            foreach (var kind in new[] { SubmissionKind.Progress, SubmissionKind.IndicatorValue, SubmissionKind.Review })
            {
                var change = Assert.Single(labels.Changes(nameof(SubmissionEvent), null, $"{{\"Kind\":\"{kind.Name}\"}}"));
                Check(change.After, $"Audit.Value.SubmissionEvent.Kind.{kind.Name}");
            }

            foreach (var (entity, fields) in Events)
            {
                Check(labels.Entity(entity), $"Audit.Entity.{entity}");
                foreach (var field in fields.GetProperties().Select(p => p.Name).Append("Rows"))
                {
                    Check(labels.KnownField(entity, field), $"Audit.Field.{entity}.{field}");
                }
            }

            foreach (var (entity, fields) in new[] { (AuditLog.ChainEntity, new[] { "IsValid", "Count", "Message" }) })
            {
                Check(labels.Entity(entity), $"Audit.Entity.{entity}");
                missing.AddRange(fields.Where(f => !IsChinese(labels.KnownField(entity, f))).Select(f => $"Audit.Field.{entity}.{f}"));
            }

            Assert.True(missing.Count == 0, $"{missing.Count} without a Chinese label:\n" + string.Join('\n', missing));

            void Check(string? label, string what)
            {
                if (!IsChinese(label))
                {
                    missing.Add(what);
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static bool IsChinese(string? label) => label is not null && label.Any(c => c is >= '\u4e00' and <= '\u9fff');

    /// <summary>The names the interceptor records: scalar properties and "Complex.Property".</summary>
    private static IEnumerable<(string Name, IPropertyBase Property)> Fields(IEntityType type) =>
        type.GetProperties().Select(p => (p.Name, (IPropertyBase)p))
            .Concat(type.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties().Select(p => (c.Name + "." + p.Name, (IPropertyBase)p))));
}
