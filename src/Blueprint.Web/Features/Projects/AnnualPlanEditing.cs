using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>A mid-year adjustment of one plan entry (计划调整); money in 元. The reason is required.</summary>
public sealed record PlanEntryInput(
    PlanType PlanType, bool PlannedCompletion, long AnnualPlannedInvestment, int? PlannedStartMonth, int? PlannedCompletionMonth,
    string? Reason, int Version);

/// <summary>
/// Adjusting and removing plan entries, for the API and the page alike. Only the project office
/// may; each change is saved with its reason, and <see cref="PlanHistory"/> keeps what the entry
/// said before, so bulletins of earlier months are unchanged.
/// </summary>
public sealed class AnnualPlanEditing(BlueprintDb db, IStringLocalizer<SharedResource> t)
{
    private bool CanEdit => db.CurrentUser.IsInRole(Roles.ProjectOffice);

    public async Task<StepOutcome<AnnualPlanEntry>> UpdateAsync(int id, PlanEntryInput input, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Refusal.Forbidden();
        }

        var entry = await db.Set<AnnualPlanEntry>().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return Refusal.NotFound;
        }

        var reserve = input.PlanType == PlanType.Reserve;
        var check = new Validation(t)
            .Require(Enum.IsDefined(input.PlanType), "planType", "Import.Required")
            .Require(!reserve || input.AnnualPlannedInvestment == 0, "annualPlannedInvestment", "Import.ReserveNoInvestment")
            .Require(!reserve || !input.PlannedCompletion, "plannedCompletion", "Import.ReserveNoCompletion")
            .Require(input.AnnualPlannedInvestment >= 0, "annualPlannedInvestment", "PlanEdit.InvestmentNegative")
            .Require(input.PlannedStartMonth is null or >= 1 and <= 12, "plannedStartMonth", "PlanEdit.MonthInvalid")
            .Require(input.PlannedCompletionMonth is null or >= 1 and <= 12, "plannedCompletionMonth", "PlanEdit.MonthInvalid")
            .Require(!input.PlannedCompletion || input.PlannedCompletionMonth is not null, "plannedCompletionMonth", "PlanEdit.CompletionMonthRequired")
            .Require(input.Reason?.Trim() is { Length: > 0 and <= 500 }, "reason", "PlanEdit.ReasonRequired");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        db.ExpectVersion(entry, input.Version);
        entry.PlanType = input.PlanType;
        entry.PlannedCompletion = input.PlannedCompletion;
        entry.AnnualPlannedInvestment = input.AnnualPlannedInvestment;
        entry.PlannedStartMonth = input.PlannedStartMonth;
        entry.PlannedCompletionMonth = input.PlannedCompletionMonth;
        entry.ChangeReason = input.Reason!.Trim();
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>Takes the project off the year's plan; its reports stay, and earlier bulletins still count it.</summary>
    public async Task<StepOutcome<AnnualPlanEntry>> RemoveAsync(int id, int version, string? reason, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Refusal.Forbidden();
        }

        var entry = await db.Set<AnnualPlanEntry>().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return Refusal.NotFound;
        }

        var check = new Validation(t).Require(reason?.Trim() is { Length: > 0 and <= 500 }, "reason", "PlanEdit.ReasonRequired");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        db.ExpectVersion(entry, version);
        entry.ChangeReason = reason!.Trim();
        db.Remove(entry);
        await db.SaveChangesAsync(ct);
        return entry;
    }
}
