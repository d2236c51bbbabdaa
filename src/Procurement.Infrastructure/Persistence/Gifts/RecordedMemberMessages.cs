using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Gifts;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Gifts;

/// <summary>
/// The embedded <see cref="IMemberMessages"/>: every message is written to <c>MemberMessages</c> by one
/// <c>INSERT … SELECT</c> over the order's codes (20,000 members: one statement), where the purchaser sees them. A
/// real SMS provider delivers from these rows; none is wired in yet (docs/gifts.md).
/// </summary>
public sealed class RecordedMemberMessages(ProcurementDbContext db, StagedStatements staged, GiftOptions options, TimeProvider clock) : IMemberMessages
{
    public void SendCodes(Order order) => staged.Add(async cancellationToken =>
    {
        var head = "【陇品汇】";
        var body = $"为您准备了{Occasions.Label(order.Occasion)}福利（{order.Options.Count}选1），请于{Deadline(order)}前选择礼包并确认地址：";
        await db.Database.ExecuteSqlAsync(Insert(order, MemberMessageKind.Code, head, body, onlyUnchosen: false, by: null), cancellationToken);
        return null;
    });

    public void RemindUnchosen(Order order, Guid? by) => staged.Add(async cancellationToken =>
    {
        var head = "【陇品汇】提醒：";
        var body = $"的{Occasions.Label(order.Occasion)}福利礼包您还未选择，{Deadline(order)}截止，逾期将发放默认礼包：";
        // A purchaser's presses at once: only the first inserts (the guard is in the statement, see OrderGifts.RemindAsync).
        if (await db.Database.ExecuteSqlAsync(Insert(order, MemberMessageKind.Reminder, head, body, onlyUnchosen: true, by), cancellationToken) == 0 && by is not null
            && await db.MemberMessages.IgnoreQueryFilters().AnyAsync(m => m.OrderId == order.Id && m.Kind == MemberMessageKind.Reminder && m.By != null
                && m.At > clock.GetUtcNow() - MemberChoice.ReminderInterval, cancellationToken))
        {
            return Error.InvalidState(Texts.Pick("刚刚已提醒过，请稍后再提醒。", "The members were just reminded; remind them later."));
        }
        return null;
    });

    private static string Deadline(Order order)
    {
        var beijing = TimeZoneInfo.ConvertTime(order.ChoiceDeadline!.Value, BusinessDate.Zone);
        return beijing.ToString("M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Text = head + union name + body + link base + code, concatenated in the statement.</summary>
    private FormattableString Insert(Order order, MemberMessageKind kind, string head, string body, bool onlyUnchosen, Guid? by)
    {
        var sqlServer = db.Database.IsSqlServer();
        var row = sqlServer ? "r.[Row]" : "r.\"Row\"";
        var text = sqlServer ? "{2} + u.Name + {3} + {4} + g.Code" : "{2} || u.Name || {3} || {4} || g.Code";
        var byColumn = by is null ? "NULL" : "{6}";
        return GiftSql.Make(
            "INSERT INTO MemberMessages (OrderId, UnionId, Mobile, Kind, Text, At, " + (sqlServer ? "[By]" : "\"By\"") + ") " +
            $"SELECT g.OrderId, g.UnionId, r.Mobile, {{1}}, {text}, {{5}}, {byColumn} FROM GiftCodes AS g " +
            $"JOIN OrderRecipients AS r ON r.OrderId = g.OrderId AND {row} = g.RecipientRow JOIN Unions AS u ON u.Id = g.UnionId " +
            "WHERE g.OrderId = {0}" + (onlyUnchosen ? " AND g.ChosenOption IS NULL" : "")
            + (by is null ? "" : " AND NOT EXISTS (SELECT 1 FROM MemberMessages AS p WHERE p.OrderId = {0} AND p.Kind = {1} AND p." + (sqlServer ? "[By]" : "\"By\"")
                + " IS NOT NULL AND p.At > {7})")
            + $" ORDER BY {row}",
            order.Id, kind.ToString(), head, body, options.LinkOf(""), GiftSql.At(sqlServer, clock.GetUtcNow()), by ?? Guid.Empty,
            GiftSql.At(sqlServer, clock.GetUtcNow() - MemberChoice.ReminderInterval));
    }
}
