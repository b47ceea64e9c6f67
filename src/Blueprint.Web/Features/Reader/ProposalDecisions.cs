using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reader;

/// <summary>The edited fields of a proposal and the version the user saw.</summary>
public sealed record ProposalEdit(ProposalFields Fields, int Version);

/// <summary>The version the user saw; for accept, optionally the fields as last edited.</summary>
public sealed record ProposalDecision(int Version, ProposalFields? Fields = null);

/// <summary>
/// What a user does with a proposal: edit its fields, reject it, or accept it. Only a pending
/// proposal can be decided, once: a second accept is a conflict (409), so no sentence becomes
/// two records. Accepting creates the record and marks the proposal in one transaction.
/// </summary>
public sealed class ProposalDecisions(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public async Task<StepOutcome<ReaderProposal>> EditAsync(int id, ProposalEdit edit, CancellationToken ct)
    {
        var (proposal, refusal) = await PendingAsync(id, edit.Version, ct);
        if (proposal is null)
        {
            return refusal!;
        }

        var check = Check(proposal.Kind, edit.Fields);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        // A changed name, measure or year may be another indicator: the candidates follow the fields.
        var fields = proposal.Kind == ProposalKind.Target ? await IndicatorMatches.WithCandidatesAsync(db, edit.Fields, propose: false, ct) : edit.Fields;
        db.ExpectVersion(proposal, edit.Version);
        proposal.FieldsJson = JsonSerializer.Serialize(fields, ReaderDocuments.Json);
        await db.SaveChangesAsync(ct);
        return proposal;
    }

    public async Task<StepOutcome<ReaderProposal>> RejectAsync(int id, ProposalDecision decision, CancellationToken ct)
    {
        var (proposal, refusal) = await PendingAsync(id, decision.Version, ct);
        if (proposal is null)
        {
            return refusal!;
        }

        db.ExpectVersion(proposal, decision.Version);
        Decide(proposal, ProposalState.Rejected);
        await db.SaveChangesAsync(ct);
        return proposal;
    }

    public async Task<StepOutcome<ReaderProposal>> AcceptAsync(int id, ProposalDecision decision, CancellationToken ct)
    {
        var (proposal, refusal) = await PendingAsync(id, decision.Version, ct);
        if (proposal is null)
        {
            return refusal!;
        }

        var stored = ReaderView.Fields(proposal);
        var fields = decision.Fields ?? stored;
        fields = string.IsNullOrWhiteSpace(fields.ProjectCode) ? fields with { ProjectCode = stored.ProjectCode } : fields;
        var check = Check(proposal.Kind, fields);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var sentence = ReaderView.Sentences(proposal.Document!).FirstOrDefault(s => s.Number == proposal.SentenceNumber)?.Text ?? "";
        var origin = ProposalRecords.Origin(t, proposal.Document!, proposal.SentenceNumber, sentence);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await new ProposalRecords(db, t, clock).CreateAsync(proposal.Kind, fields, origin, ct);
        if (!created.Succeeded)
        {
            // Nothing of a refused accept stays: not the record, not the proposal's change.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return created.Refused!;
        }

        // The version check sits on this last write: of two accepts racing, the second fails
        // here and its transaction takes the record it created away with it.
        db.ExpectVersion(proposal, decision.Version);
        proposal.FieldsJson = JsonSerializer.Serialize(fields, ReaderDocuments.Json);
        proposal.RecordKind = created.Value!.Kind;
        proposal.RecordId = created.Value.Id;
        Decide(proposal, ProposalState.Accepted);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return proposal;
    }

    private async Task<(ReaderProposal?, Refusal?)> PendingAsync(int id, int version, CancellationToken ct)
    {
        if (!ReaderAccess.Allows(db.CurrentUser))
        {
            return (null, Refusal.Forbidden());
        }

        var proposal = await db.Set<ReaderProposal>().Include(p => p.Document).SingleOrDefaultAsync(p => p.Id == id, ct);
        return proposal switch
        {
            null => (null, Refusal.NotFound),
            { State: not ProposalState.Pending } => (null, Refusal.Conflict("Reader.AlreadyDecided")),
            _ when proposal.Version != version => (null, Refusal.Conflict("Error.Conflict")),
            _ => (proposal, null),
        };
    }

    private void Decide(ReaderProposal proposal, ProposalState state)
    {
        proposal.State = state;
        proposal.DecidedById = db.CurrentUser.UserId;
        proposal.DecidedAtUtc = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>What each kind needs before its record's own form is asked, said next to the proposal's fields.</summary>
    private Validation Check(ProposalKind kind, ProposalFields f)
    {
        var check = new Validation(t)
            .Require((f.Title?.Length ?? 0) <= ProposalDefaults.TitleLength, "title", "Reader.TitleTooLong", ProposalDefaults.TitleLength)
            .Require(f.Year is null or (>= 2000 and <= 2100), "year", "Reader.YearInvalid")
            .Require(kind == ProposalKind.Milestone || f.UnitIds is { Count: > 0 }, "unitIds", "Reader.UnitRequired");
        switch (kind)
        {
            case ProposalKind.Milestone:
                check.Require(f.Year is not null, "year", "Reader.YearInvalid")
                    .Require(f.Month is >= 1 and <= 12, "month", "Reader.MonthRequired")
                    .Require(f.Day is null || (f.Year is >= 2000 and <= 2100 && f.Month is >= 1 and <= 12
                        && f.Day >= 1 && f.Day <= DateTime.DaysInMonth(f.Year.Value, f.Month.Value)), "day", "Reader.DayInvalid")
                    .Require(!string.IsNullOrWhiteSpace(f.Title), "title", "Reader.TitleMissing");
                break;
            case ProposalKind.Target:
                check.Require(!string.IsNullOrWhiteSpace(f.IndicatorName), "indicatorName", "Reader.IndicatorRequired")
                    .Require(f.Value is not null, "value", "Reader.ValueRequired")
                    .Require(f.Year is not null, "year", "Reader.YearInvalid")
                    .Require(f.Month is null or (>= 1 and <= 12), "month", "Reader.MonthRequired");
                break;
            case ProposalKind.Project:
                check.Require(!string.IsNullOrWhiteSpace(f.ProjectName), "projectName", "Reader.ProjectNameRequired")
                    .Require(f.AmountYuan is null or >= 0, "amountYuan", "Project.InvestmentNotNegative");
                break;
            default:
                check.Require(!string.IsNullOrWhiteSpace(f.Title), "title", "Reader.TitleMissing");
                break;
        }

        return check;
    }
}
