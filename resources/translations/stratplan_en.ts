<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AmendmentsPanel</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="352"/>
        <source>%n amendments merged into a new revision of the text.</source>
        <translation>
            <numerusform>%n amendment merged into a new revision of the text.</numerusform>
            <numerusform>%n amendments merged into a new revision of the text.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="354"/>
        <source>%n passages have competing amendments: choose one or combine them.</source>
        <translation>
            <numerusform>%n passage has competing amendments: choose one or combine them.</numerusform>
            <numerusform>%n passages have competing amendments: choose one or combine them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsolidationWindow</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="310"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="474"/>
        <source>Merged %n proposals into “{title}”.</source>
        <translation>
            <numerusform>Merged %n proposal into “{title}”.</numerusform>
            <numerusform>Merged %n proposals into “{title}”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="111"/>
        <source>Not a duplicate: %n points will not be suggested together again.</source>
        <translation>
            <numerusform>Not a duplicate: %n point will not be suggested with the others again.</numerusform>
            <numerusform>Not a duplicate: %n points will not be suggested together again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="128"/>
        <source>Linked %n points as related; each keeps its own text.</source>
        <translation>
            <numerusform>Linked %n point as related; each keeps its own text.</numerusform>
            <numerusform>Linked %n points as related; each keeps its own text.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="82"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n need</numerusform>
            <numerusform>%n needs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="83"/>
        <source>%n without any offer</source>
        <translation>
            <numerusform>%n without any offer</numerusform>
            <numerusform>%n without any offer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="84"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n offer</numerusform>
            <numerusform>%n offers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="106"/>
        <source>needs help here; %n other organisations offer it</source>
        <translation>
            <numerusform>needs help here; %n other organisation offers it</numerusform>
            <numerusform>needs help here; %n other organisations offer it</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GapsPage</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="369"/>
        <source>Points &amp;nobody is working on in this period (%n):</source>
        <translation>
            <numerusform>Points &amp;nobody is working on in this period (%n):</numerusform>
            <numerusform>Points &amp;nobody is working on in this period (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="372"/>
        <source>Reports &amp;overdue (%n):</source>
        <translation>
            <numerusform>Reports &amp;overdue (%n):</numerusform>
            <numerusform>Reports &amp;overdue (%n):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/group_actions.py" line="114"/>
        <source>{name} now has %n member organisations.</source>
        <translation>
            <numerusform>{name} now has %n member organisation.</numerusform>
            <numerusform>{name} now has %n member organisations.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LayoutPage</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/layout_page.py" line="211"/>
        <source>{name} — {date}, %n points</source>
        <translation>
            <numerusform>{name} — {date}, %n point</numerusform>
            <numerusform>{name} — {date}, %n points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="499"/>
        <source>{shown} of %n plan points</source>
        <translation>
            <numerusform>{shown} of %n plan point</numerusform>
            <numerusform>{shown} of %n plan points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="716"/>
        <source>Rebuilt the views from %n operations.</source>
        <translation>
            <numerusform>Rebuilt the views from %n operation.</numerusform>
            <numerusform>Rebuilt the views from %n operations.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window_tools.py" line="102"/>
        <source>%n proposals imported as drafts.</source>
        <translation>
            <numerusform>%n proposal imported as a draft.</numerusform>
            <numerusform>%n proposals imported as drafts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeerWindow</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n need</numerusform>
            <numerusform>%n needs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n offer</numerusform>
            <numerusform>%n offers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgressWindow</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n reports overdue</source>
        <translation>
            <numerusform>%n report overdue</numerusform>
            <numerusform>%n reports overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n due within 14 days</source>
        <translation>
            <numerusform>%n due within 14 days</numerusform>
            <numerusform>%n due within 14 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="287"/>
        <source>%n points without an update this period</source>
        <translation>
            <numerusform>%n point without an update this period</numerusform>
            <numerusform>%n points without an update this period</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="378"/>
        <source>%n reports imported.</source>
        <translation>
            <numerusform>%n report imported.</numerusform>
            <numerusform>%n reports imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="43"/>
        <source>{title} — %n points</source>
        <translation>
            <numerusform>{title} — %n point</numerusform>
            <numerusform>{title} — %n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="48"/>
        <source>%n points</source>
        <translation>
            <numerusform>%n point</numerusform>
            <numerusform>%n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="48"/>
        <source>%n sections</source>
        <translation>
            <numerusform>%n section</numerusform>
            <numerusform>%n sections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SharingActions</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="120"/>
        <source>Wrote %n changes to {file}.</source>
        <translation>
            <numerusform>Wrote %n change to {file}.</numerusform>
            <numerusform>Wrote %n changes to {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="145"/>
        <source>Received %n new changes.</source>
        <translation>
            <numerusform>Received %n new change.</numerusform>
            <numerusform>Received %n new changes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="187"/>
        <source>wrote %n changes</source>
        <translation>
            <numerusform>wrote %n change</numerusform>
            <numerusform>wrote %n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="188"/>
        <source>received %n new changes</source>
        <translation>
            <numerusform>received %n new change</numerusform>
            <numerusform>received %n new changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="213"/>
        <source>sent %n changes</source>
        <translation>
            <numerusform>sent %n change</numerusform>
            <numerusform>sent %n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="214"/>
        <source>received %n changes</source>
        <translation>
            <numerusform>received %n change</numerusform>
            <numerusform>received %n changes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="129"/>
        <source>%n new changes</source>
        <translation>
            <numerusform>%n new change</numerusform>
            <numerusform>%n new changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="130"/>
        <source>%n already here</source>
        <translation>
            <numerusform>%n already here</numerusform>
            <numerusform>%n already here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="134"/>
        <source>%n new proposals</source>
        <translation>
            <numerusform>%n new proposal</numerusform>
            <numerusform>%n new proposals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="135"/>
        <source>%n revisions</source>
        <translation>
            <numerusform>%n revision</numerusform>
            <numerusform>%n revisions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="136"/>
        <source>%n ballots</source>
        <translation>
            <numerusform>%n ballot</numerusform>
            <numerusform>%n ballots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="137"/>
        <source>%n comments</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="138"/>
        <source>%n with conflicts</source>
        <translation>
            <numerusform>%n with conflicts</numerusform>
            <numerusform>%n with conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="141"/>
        <source>  %n changes wait until their organisation is admitted.</source>
        <translation>
            <numerusform>  %n change waits until its organisation is admitted.</numerusform>
            <numerusform>  %n changes wait until their organisation is admitted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="144"/>
        <source>  %n changes wait for earlier changes not received yet.</source>
        <translation>
            <numerusform>  %n change waits for earlier changes not received yet.</numerusform>
            <numerusform>  %n changes wait for earlier changes not received yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="147"/>
        <source>  %n changes from revoked laptops are ignored.</source>
        <translation>
            <numerusform>  %n change from a revoked laptop is ignored.</numerusform>
            <numerusform>  %n changes from revoked laptops are ignored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="175"/>
        <source>Wrote %n changes.</source>
        <translation>
            <numerusform>Wrote %n change.</numerusform>
            <numerusform>Wrote %n changes.</numerusform>
        </translation>
    </message>
</context>
</TS>
