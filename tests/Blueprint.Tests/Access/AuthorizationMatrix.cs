namespace Blueprint.Tests.Access;

/// <summary>
/// Who may use what: one line per endpoint (method and route exactly as the app maps them) and per
/// page (PAGE), and one answer per caller. <see cref="AuthorizationMatrixTests"/> asks every
/// question and fails on any other answer, and on any endpoint or page missing here.
/// <para>Callers (columns):</para>
/// <list type="bullet">
/// <item>anon: not signed in.</item>
/// <item>lead, po, so: the city leader, the project office, the supervision office (all units).</item>
/// <item>rep, ul: 安岳's reporter and unit leader (安岳 and below), asked about a record of 安岳;
/// rep~, ul~: the same, asked about the same kind of record of 乐至 (another unit). A route with no
/// record of a unit has "-" there.</item>
/// <item>sys, sec, aud: the system, security and audit administrators (三员, decision 0019: they
/// neither read nor write business records, and business roles do not reach /admin or /audit).</item>
/// </list>
/// <para>Answers:</para>
/// <list type="bullet">
/// <item>ok: answered (2xx, or a redirect that is not to sign-in or "no access").</item>
/// <item>pass: got past the role gate. Writes are sent without a body and with ids that name no
/// record, so an allowed caller is refused by the binder or the handler (400, 404, 415) and changes
/// nothing; a caller the role gate turns away gets 403. A role refused a write must therefore be
/// refused by the endpoint's gate, not only inside the handler after reading the body.</item>
/// <item>403: refused (an API's 403; a page's redirect to /account/denied or its own 403).</item>
/// <item>404: no such record for this caller (the scope filter hides another unit's record).</item>
/// <item>in: sign in first (an API's 401; a page's redirect to /account/login).</item>
/// </list>
/// The sample (third column) names the records that fill the route: see <see cref="MatrixSamples"/>.
/// </summary>
internal static class AuthorizationMatrix
{
    public static readonly string[] Columns = ["anon", "lead", "po", "so", "rep", "rep~", "ul", "ul~", "sys", "sec", "aud"];

    private const string Table = """
        #      route                                                          sample           anon lead po   so   rep  rep~ ul   ul~  sys  sec  aud
        # the API
        GET    /api/admin/accounts/                                           -                in   403  403  403  403  -    403  -    ok   ok   403
        POST   /api/admin/accounts/                                           -                in   403  403  403  403  -    403  -    pass 403  403
        GET    /api/admin/accounts/xlsx                                       -                in   403  403  403  403  -    403  -    ok   ok   403
        GET    /api/admin/accounts/{id:int}                                   account          in   403  403  403  403  -    403  -    ok   ok   403
        PUT    /api/admin/accounts/{id:int}                                   none             in   403  403  403  403  -    403  -    pass 403  403
        PUT    /api/admin/accounts/{id:int}/access                            none             in   403  403  403  403  -    403  -    403  pass 403
        POST   /api/admin/accounts/{id:int}/disable                           none             in   403  403  403  403  -    403  -    pass 403  403
        POST   /api/admin/accounts/{id:int}/enable                            none             in   403  403  403  403  -    403  -    pass 403  403
        POST   /api/admin/accounts/{id:int}/reset-password                    none             in   403  403  403  403  -    403  -    403  pass 403
        GET    /api/admin/accounts/{id:int}/sessions                          account          in   403  403  403  403  -    403  -    403  ok   403
        POST   /api/admin/accounts/{id:int}/sessions/{sessionId:long}/end     none             in   403  403  403  403  -    403  -    403  pass 403
        POST   /api/admin/accounts/{id:int}/unlock                            none             in   403  403  403  403  -    403  -    403  pass 403
        GET    /api/admin/units/                                              -                in   403  403  403  403  -    403  -    ok   403  403
        POST   /api/admin/units/                                              -                in   403  403  403  403  -    403  -    pass 403  403
        GET    /api/admin/units/xlsx                                          -                in   403  403  403  403  -    403  -    ok   403  403
        PUT    /api/admin/units/{id:int}                                      none             in   403  403  403  403  -    403  -    pass 403  403
        DELETE /api/admin/units/{id:int}                                      none             in   403  403  403  403  -    403  -    pass 403  403
        POST   /api/admin/units/{id:int}/disable                              none             in   403  403  403  403  -    403  -    pass 403  403
        POST   /api/admin/units/{id:int}/enable                               none             in   403  403  403  403  -    403  -    pass 403  403
        GET    /api/annual-plan/                                              -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/annual-plan/history                                       plan-history     in   ok   ok   ok   ok   ok   ok   ok   403  403  403
        PUT    /api/annual-plan/{id:int}                                      none             in   403  pass 403  403  -    403  -    403  403  403
        DELETE /api/annual-plan/{id:int}                                      none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/annual-plan/{id:long}                                     plan-entry       in   ok   ok   ok   ok   404  ok   404  403  403  403
        POST   /api/annual-plan/{year:int}/carry-forward                      none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/audit/                                                    -                in   403  403  403  403  -    403  -    403  403  ok
        GET    /api/audit/checks                                              -                in   403  403  403  403  -    403  -    403  403  ok
        GET    /api/audit/sign-ins                                            -                in   403  403  403  403  -    403  -    403  403  ok
        GET    /api/audit/sign-ins/xlsx                                       -                in   403  403  403  403  -    403  -    403  403  ok
        POST   /api/audit/verify                                              -                in   403  403  403  403  -    403  -    403  403  pass
        GET    /api/audit/xlsx                                                -                in   403  403  403  403  -    403  -    403  403  ok
        POST   /api/auth/login                                                -                pass pass pass pass pass -    pass -    pass pass pass
        POST   /api/auth/logout                                               -                in   pass pass pass pass -    pass -    pass pass pass
        GET    /api/auth/me                                                   -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        POST   /api/auth/password                                             -                in   pass pass pass pass -    pass -    pass pass pass
        GET    /api/bulletin                                                  month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/bulletin/docx                                             month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/bulletin/xlsx                                             month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/map                                                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /map/geo.json                                                  -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /api/projects/{id:int}/photos                                  project          in   ok   ok   ok   ok   404  ok   404  403  403  403
        POST   /api/projects/{id:int}/photos/{year:int}/{month:int}           none             in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/photos/{id:int}                                           photo            in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/photos/{id:int}/thumb                                     photo            in   ok   ok   ok   ok   404  ok   404  403  403  403
        DELETE /api/photos/{id:int}                                           none             in   403  pass 403  pass -    pass -    403  403  403
        GET    /public/map.json                                               -                404  404  404  404  404  -    404  -    404  404  404
        GET    /public/photos/{id:int}                                        none             404  404  404  404  404  -    404  -    404  404  404
        GET    /public/photos/{id:int}/thumb                                  none             404  404  404  404  404  -    404  -    404  404  404
        GET    /api/cockpit/                                                  -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/extension-requests/                                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/extension-requests/{id:long}                              extension        in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/funnel                                                    year             in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/goals/                                                    -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/goals/                                                    -                in   403  pass 403  403  -    403  -    403  403  403
        PUT    /api/goals/{id:int}                                            none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/goals/{id:long}                                           goal             in   ok   ok   ok   ok   404  ok   404  403  403  403
        POST   /api/imports/annual-plan                                       -                in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/imports/annual-plan/template                              -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/imports/progress                                          -                in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/imports/progress/template                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/imports/projects                                          -                in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/imports/projects/template                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/indicator-excel/indicators                                -                in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/indicator-excel/indicators/export                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/indicator-excel/indicators/template                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/indicator-excel/values                                    -                in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/indicator-excel/values/export                             -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/indicator-excel/values/template                           -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/indicator-targets/                                        -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/indicator-targets/{id:long}                               indicator-target in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/indicator-values/                                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/indicator-values/                                         -                in   403  pass 403  pass -    pass -    403  403  403
        POST   /api/indicator-values/batch                                    -                in   403  pass 403  403  -    pass -    403  403  403
        GET    /api/indicator-values/history                                  value-history    in   ok   ok   ok   ok   ok   ok   ok   403  403  403
        GET    /api/indicator-values/{id:long}                                indicator-value  in   ok   ok   ok   ok   404  ok   404  403  403  403
        PUT    /api/indicator-values/{id:long}                                none             in   403  pass 403  pass -    pass -    403  403  403
        POST   /api/indicator-values/{id:long}/accept                         none             in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/indicator-values/{id:long}/approve                        none             in   403  pass 403  403  -    pass -    403  403  403
        POST   /api/indicator-values/{id:long}/corrections                    none             in   403  pass 403  pass -    pass -    403  403  403
        POST   /api/indicator-values/{id:long}/return                         none             in   403  pass 403  403  -    pass -    403  403  403
        POST   /api/indicator-values/{id:long}/submit                         none             in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/indicators/                                               -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/indicators/                                               -                in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/indicators/unit-lights                                    year             in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/indicators/{id:int}                                       indicator        in   ok   ok   ok   ok   404  ok   404  403  403  403
        PUT    /api/indicators/{id:int}                                       none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/indicators/{id:int}/figures                               indicator        in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/meetings/                                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/meetings/                                                 -                in   403  pass pass 403  -    403  -    403  403  403
        DELETE /api/meetings/decisions/{decisionId:int}                       none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/meetings/decisions/{decisionId:int}/assign                none             in   403  403  pass 403  -    403  -    403  403  403
        GET    /api/meetings/xlsx                                             -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/meetings/{id:int}                                         meeting          in   ok   ok   ok   ok   -    ok   -    403  403  403
        PUT    /api/meetings/{id:int}                                         none             in   403  pass pass 403  -    403  -    403  403  403
        DELETE /api/meetings/{id:int}                                         none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/meetings/{id:int}/decisions                               none             in   403  pass pass 403  -    403  -    403  403  403
        PUT    /api/meetings/{id:int}/decisions/{decisionId:int}              none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/milestones/                                               -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/milestones/                                               -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/milestones/xlsx                                           -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/milestones/{id:int}                                       milestone        in   ok   ok   ok   ok   -    ok   -    403  403  403
        PUT    /api/milestones/{id:int}                                       none             in   403  pass pass 403  -    403  -    403  403  403
        DELETE /api/milestones/{id:int}                                       none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/notifications/                                            -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        POST   /api/notifications/read-all                                    -                in   pass pass pass pass -    pass -    pass pass pass
        GET    /api/notifications/unread-count                                -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        POST   /api/notifications/{id:long}/read                              none             in   pass pass pass pass -    pass -    pass pass pass
        GET    /api/plan-years/                                               -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/plan-years/                                               -                in   403  pass 403  403  -    403  -    403  403  403
        PUT    /api/plan-years/priorities/{id:int}                            none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/plan-years/{year:int}                                     plan-year        in   ok   ok   ok   ok   -    ok   -    403  403  403
        PUT    /api/plan-years/{year:int}                                     none             in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/plan-years/{year:int}/copy-forward                        none             in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/plan-years/{year:int}/priorities                          none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/portal/reviews                                            -                in   403  ok   ok   403  -    403  -    403  403  403
        POST   /api/portal/reviews                                            -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/portal/reviews/xlsx                                       -                in   403  ok   ok   403  -    403  -    403  403  403
        GET    /api/portal/reviews/{id:int}                                   portal-review    in   403  ok   ok   403  -    403  -    403  403  403
        POST   /api/portal/reviews/{id:int}/decision                          none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/portal/withdraw                                           -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/problems/                                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/problems/                                                 -                in   403  pass pass pass -    pass -    403  403  403
        GET    /api/problems/xlsx                                             -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/problems/{id:int}                                         problem          in   ok   ok   ok   ok   404  ok   404  403  403  403
        PUT    /api/problems/{id:int}                                         none             in   403  pass pass pass -    pass -    403  403  403
        POST   /api/problems/{id:int}/answer                                  none             in   403  pass pass pass -    pass -    403  403  403
        GET    /api/progress-reports/                                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/progress-reports/                                         -                in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/progress-reports/history                                  progress-history in   ok   ok   ok   ok   ok   ok   ok   403  403  403
        GET    /api/progress-reports/missing                                  month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/progress-reports/{id:long}                                progress         in   ok   ok   ok   ok   404  ok   404  403  403  403
        PUT    /api/progress-reports/{id:long}                                none             in   403  pass 403  pass -    pass -    403  403  403
        POST   /api/progress-reports/{id:long}/accept                         none             in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/progress-reports/{id:long}/approve                        none             in   403  pass 403  403  -    pass -    403  403  403
        POST   /api/progress-reports/{id:long}/corrections                    none             in   403  pass 403  pass -    pass -    403  403  403
        POST   /api/progress-reports/{id:long}/return                         none             in   403  pass 403  403  -    pass -    403  403  403
        POST   /api/progress-reports/{id:long}/submit                         none             in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/projects/                                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/projects/                                                 -                in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/projects/export                                           -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/projects/lookup                                           -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/projects/{id:int}                                         project          in   ok   ok   ok   ok   404  ok   404  403  403  403
        PUT    /api/projects/{id:int}                                         none             in   403  pass 403  pass -    pass -    403  403  403
        POST   /api/projects/{id:int}/archive                                 none             in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/projects/{id:int}/restore                                 none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/reader/documents                                          -                in   403  ok   ok   403  -    403  -    403  403  403
        POST   /api/reader/documents                                          -                in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/reader/documents/file                                     -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/reader/documents/xlsx                                     -                in   403  ok   ok   403  -    403  -    403  403  403
        GET    /api/reader/documents/{id:int}                                 reader-document  in   403  ok   ok   403  -    403  -    403  403  403
        # the reader's way back from a record: the sample names no record, hence 404 for the offices
        GET    /api/reader/origin                                             reader-origin    in   403  404  404  403  -    403  -    403  403  403
        GET    /api/reader/proposals/{id:int}                                 proposal         in   403  ok   ok   403  -    403  -    403  403  403
        PUT    /api/reader/proposals/{id:int}                                 none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/reader/proposals/{id:int}/accept                          none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/reader/proposals/{id:int}/reject                          none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/reporting-windows/                                        -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/reporting-windows/                                        -                in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/reporting-windows/{id:int}/close                          none             in   403  pass 403  403  -    403  -    403  403  403
        POST   /api/reporting-windows/{id:int}/remind                         none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/reporting-windows/{id:int}/reopenings                     window           in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/reporting-windows/{id:int}/reopenings                     none             in   403  pass 403  403  -    403  -    403  403  403
        DELETE /api/reporting-windows/{id:int}/reopenings/{reopeningId:int}   none             in   403  pass 403  403  -    403  -    403  403  403
        GET    /api/reports/brief                                             month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/reports/brief/docx                                        month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        # the PDFs are asked with an invalid month or period, so Chromium never starts: "pass" is the 400
        GET    /api/reports/brief/pdf                                         bad-month        in   pass pass pass pass -    pass -    403  403  403
        GET    /api/reports/bulletin/pdf                                      bad-month        in   pass pass pass pass -    pass -    403  403  403
        GET    /api/reports/supervision-bulletin/pdf                          bad-period       in   pass pass pass pass -    pass -    403  403  403
        POST   /api/reports/issues                                            -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/reports/settings                                          -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PUT    /api/reports/settings/{office}                                 none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/review-campaigns/                                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/review-campaigns/                                         -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/review-campaigns/{id:int}                                 campaign         in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/review-campaigns/{id:int}/close                           none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/review-campaigns/{id:int}/dossier.docx                    campaign         in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/review-campaigns/{id:int}/reopen                          none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/review-comments/                                          -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/review-comments/{id:long}                                 comment          in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/review-items/                                             -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        # review items: the demo city has none, so no record comes from one and no item id exists (404 for who may read)
        GET    /api/review-items/origin/{target}/{targetId:int}               origin           in   404  404  404  404  404  404  404  403  403  403
        GET    /api/review-items/{id:int}                                     review-item      in   404  404  404  404  -    404  -    403  403  403
        DELETE /api/review-items/{id:int}                                     none             in   403  pass pass pass -    pass -    403  403  403
        POST   /api/review-items/{id:int}/convert                             none             in   403  pass pass pass -    pass -    403  403  403
        GET    /api/review-submissions/                                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/review-submissions/{id:int}/accept                        none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/review-submissions/{id:int}/approve                       none             in   403  403  403  403  -    pass -    403  403  403
        POST   /api/review-submissions/{id:int}/comments                      none             in   pass pass pass 403  -    pass -    403  403  403
        GET    /api/review-submissions/{id:int}/detail                        submission       in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/review-submissions/{id:int}/history                       submission       in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/review-submissions/{id:int}/items                         submission       in   ok   ok   ok   ok   ok   ok   ok   403  403  403
        POST   /api/review-submissions/{id:int}/items                         none             in   403  pass pass pass -    pass -    403  403  403
        GET    /api/review-submissions/{id:int}/previous-outcomes             submission       in   ok   ok   ok   ok   404  ok   404  403  403  403
        POST   /api/review-submissions/{id:int}/return                        none             in   403  pass pass 403  -    pass -    403  403  403
        PUT    /api/review-submissions/{id:int}/sections                      none             in   403  403  403  pass -    pass -    403  403  403
        PUT    /api/review-submissions/{id:int}/sections/{key}                none             in   403  403  403  pass -    pass -    403  403  403
        POST   /api/review-submissions/{id:int}/submit                        none             in   403  403  403  pass -    pass -    403  403  403
        GET    /api/review-submissions/{id:long}                              submission       in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/review-templates/                                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/review-templates/                                         -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/review-templates/{id:int}                                 template         in   ok   ok   ok   ok   -    ok   -    403  403  403
        PUT    /api/review-templates/{id:int}                                 none             in   403  pass pass 403  -    403  -    403  403  403
        DELETE /api/review-templates/{id:int}                                 none             in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/stage-changes/                                            -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/stage-changes/{id:long}                                   stage-change     in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/supervision-feedback/                                     -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision-feedback/{id:long}                            feedback         in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/supervision-items/                                        -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/supervision-items/                                        -                in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/supervision-items/batch-close                             -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/supervision-items/bulletin                                period           in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision-items/bulletin/docx                           period           in   ok   ok   ok   ok   -    ok   -    403  403  403
        POST   /api/supervision-items/import                                  -                in   403  pass pass 403  -    403  -    403  403  403
        GET    /api/supervision-items/template                                -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision-items/xlsx                                    -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision-items/{id:int}                                supervision-item in   ok   ok   ok   ok   404  ok   404  403  403  403
        PUT    /api/supervision-items/{id:int}                                none             in   403  pass pass 403  -    403  -    403  403  403
        POST   /api/supervision-items/{id:int}/actions                        none             in   403  pass pass pass -    pass -    403  403  403
        POST   /api/supervision-items/{id:int}/attachments                    none             in   403  pass pass pass -    pass -    403  403  403
        GET    /api/supervision-items/{id:int}/attachments/{attachmentId:int} attachment       in   ok   ok   ok   ok   404  ok   404  403  403  403
        GET    /api/supervision/rankings                                      -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision/rankings/xlsx                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision/red                                           -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/supervision/red/xlsx                                      -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/units/                                                    -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /api/units/lookup                                              -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /api/units/{id:int}/overview                                   unit             in   ok   ok   ok   ok   403  ok   403  403  403  403

        # other endpoints: exports for the pages, sign-out, language, health, API documentation
        POST   /account/logout                                                -                pass pass pass pass pass -    pass -    pass pass pass
        POST   /api/admin/accounts/import                                     -                in   403  403  403  403  -    403  -    pass 403  403
        GET    /api/admin/accounts/template                                   -                in   403  403  403  403  -    403  -    ok   403  403
        POST   /api/admin/units/import                                        -                in   403  403  403  403  -    403  -    pass 403  403
        GET    /api/admin/units/template                                      -                in   403  403  403  403  -    403  -    ok   403  403
        POST   /api/progress-reports/batch                                    -                in   403  pass 403  403  -    pass -    403  403  403
        GET    /api/project-proposals/                                        -                in   403  ok   403  ok   -    ok   -    403  403  403
        POST   /api/project-proposals/                                        -                in   403  403  403  pass -    pass -    403  403  403
        GET    /api/project-proposals/xlsx                                    -                in   403  ok   403  ok   -    ok   -    403  403  403
        GET    /api/project-proposals/{id:int}                                project-proposal in   403  ok   403  ok   404  ok   404  403  403  403
        PUT    /api/project-proposals/{id:int}                                none             in   403  403  403  pass -    pass -    403  403  403
        POST   /api/project-proposals/{id:int}/actions                        none             in   403  pass 403  pass -    pass -    403  403  403
        GET    /api/todo/                                                     -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/todo/count                                                -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /api/todo/xlsx                                                 -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /culture/{name}                                                culture          ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /docs/favicon.svg                                              -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /docs/scalar.aspnetcore.js                                     -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /docs/scalar.js                                                -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /docs/{documentName?}                                          openapi          ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        ANY    /health/live                                                   -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        ANY    /health/ready                                                  -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /openapi/{documentName}.json                                   openapi          ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        GET    /plans/export                                                  -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /progress/export                                               month            in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /projects/export                                               -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        GET    /supervision/case/{caseNumber}                                 case             in   ok   ok   ok   ok   404  ok   404  403  403  403

        # pages
        PAGE   /                                                              -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /{*Path}                                                       none             404  404  404  404  404  -    404  -    404  404  404
        PAGE   /account/denied                                                -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /account/login                                                 -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /account/password                                              -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /admin                                                         -                in   403  403  403  403  -    403  -    ok   ok   403
        PAGE   /admin/accounts                                                -                in   403  403  403  403  -    403  -    ok   ok   403
        PAGE   /admin/accounts/import                                         -                in   403  403  403  403  -    403  -    ok   403  403
        PAGE   /admin/accounts/new                                            -                in   403  403  403  403  -    403  -    ok   403  403
        PAGE   /admin/accounts/{Id:int}                                       account          in   403  403  403  403  -    403  -    ok   ok   403
        PAGE   /admin/units                                                   -                in   403  403  403  403  -    403  -    ok   403  403
        PAGE   /admin/units/import                                            -                in   403  403  403  403  -    403  -    ok   403  403
        PAGE   /admin/units/new                                               -                in   403  403  403  403  -    403  -    ok   403  403
        PAGE   /admin/units/{Id:int}/edit                                     admin-unit       in   403  403  403  403  -    403  -    ok   403  403
        PAGE   /audit                                                         -                in   403  403  403  403  -    403  -    403  403  ok
        PAGE   /audit/sign-ins                                                -                in   403  403  403  403  -    403  -    403  403  ok
        PAGE   /cockpit                                                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /not-found                                                     -                ok   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /goals                                                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /goals/indicators                                              -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /goals/indicators/import                                       -                in   403  ok   403  ok   -    ok   -    403  403  403
        PAGE   /goals/indicators/new                                          -                in   403  ok   403  403  -    403  -    403  403  403
        PAGE   /goals/indicators/{Id:int}                                     indicator        in   ok   ok   ok   ok   404  ok   404  403  403  403
        PAGE   /goals/indicators/{Id:int}/edit                                indicator        in   403  ok   403  403  403  403  403  403  403  403
        PAGE   /inbox                                                         -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /meetings                                                      -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /meetings/new                                                  -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /meetings/{Id:int}                                             meeting          in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /meetings/{Id:int}/edit                                        meeting          in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /milestones                                                    -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /milestones/new                                                -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /milestones/{Id:int}/edit                                      milestone        in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /plans                                                         -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /plans/entries/{Id:int}                                        plan-entry       in   403  ok   403  403  403  403  403  403  403  403
        PAGE   /problems                                                      -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /problems/{Id:int}                                             problem          in   ok   ok   ok   ok   404  ok   404  403  403  403
        PAGE   /portal/reviews                                                -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /portal/reviews/{Id:int}                                       portal-review    in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /progress                                                      -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /progress/{ProjectId:int}/{Year:int}/{Month:int}               progress-month   in   ok   ok   ok   ok   404  ok   404  403  403  403
        PAGE   /projects                                                      -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /projects/import                                               -                in   403  ok   403  ok   -    ok   -    403  403  403
        PAGE   /projects/new                                                  -                in   403  ok   403  ok   -    ok   -    403  403  403
        PAGE   /projects/proposals                                            -                in   403  ok   403  ok   -    ok   -    403  403  403
        PAGE   /projects/proposals/{Id:int}                                   project-proposal in   403  ok   403  ok   404  ok   404  403  403  403
        PAGE   /projects/proposals/{ProposalId:int}/edit                      project-proposal in   403  ok   403  ok   404  ok   404  403  403  403
        PAGE   /projects/{Id:int}                                             project          in   ok   ok   ok   ok   404  ok   404  403  403  403
        PAGE   /projects/{Id:int}/edit                                        project          in   403  ok   403  ok   404  ok   404  403  403  403
        # the portal is off in the test app (PortalTests switches it on): every caller gets 404
        PAGE   /public                                                        -                404  404  404  404  404  -    404  -    404  404  404
        PAGE   /public/projects/{Id:int}                                      project          404  404  404  404  404  404  404  404  404  404  404
        PAGE   /reader                                                        -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /reader/new                                                    -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /reader/{Id:int}                                               reader-document  in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /reports                                                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /reports/bulletin                                              -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /reports/settings                                              -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /reviews                                                       -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /reviews/campaigns/new                                         -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /reviews/campaigns/{Id:int}                                    campaign         in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /reviews/submissions/{Id:int}                                  submission       in   ok   ok   ok   ok   404  ok   404  403  403  403
        PAGE   /reviews/templates                                             -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /reviews/templates/new                                         -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /reviews/templates/{Id:int}                                    template         in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /supervision                                                   -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /supervision/import                                            -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /supervision/new                                               -                in   403  ok   ok   403  -    403  -    403  403  403
        PAGE   /supervision/rankings                                          -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /supervision/red                                               -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /supervision/{Id:int}                                          supervision-item in   ok   ok   ok   ok   404  ok   404  403  403  403
        PAGE   /supervision/{Id:int}/edit                                     supervision-item in   403  ok   ok   403  403  403  403  403  403  403
        PAGE   /todo                                                          -                in   ok   ok   ok   ok   -    ok   -    403  403  403
        PAGE   /units                                                         -                in   ok   ok   ok   ok   -    ok   -    ok   ok   ok
        PAGE   /units/{Id:int}                                                unit             in   ok   ok   ok   ok   403  ok   403  403  403  403
        """;

    private static readonly string[] Answers = ["ok", "pass", "403", "404", "in", "-"];

    public sealed record Row(string Method, string Route, string Sample, string[] Answers)
    {
        public string Key => AuthorizationMatrix.Key(Method, Route);

        /// <summary>Reads are asked with GET and real records; everything else is a probe of the role gate.</summary>
        public bool IsRead => Method is "GET" or "PAGE" or "ANY";

        public bool SignsOut => Route == "/api/auth/logout";
    }

    public static string Key(string method, string route) => $"{method} {route}";

    public static bool Matches(string declared, string observed) =>
        declared == observed || (declared == "pass" && observed is not ("in" or "403" or "5xx"));

    public static List<Row> Rows()
    {
        var rows = new List<Row>();
        foreach (var line in Table.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != 3 + Columns.Length || cells[3..].Any(a => !Answers.Contains(a)))
            {
                throw new FormatException($"AuthorizationMatrix: '{line}' needs a method, a route, a sample and {Columns.Length} answers of {string.Join(", ", Answers)}");
            }

            rows.Add(new(cells[0], cells[1], cells[2], cells[3..]));
        }

        var twice = rows.GroupBy(r => r.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return twice.Count == 0 ? rows : throw new FormatException($"AuthorizationMatrix: declared twice: {string.Join(", ", twice)}");
    }
}
