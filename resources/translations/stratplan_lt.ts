<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="lt_LT">
<context>
    <name>About</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/about.py" line="32"/>
        <source>About StratPlan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../stratplan/app.py" line="45"/>
        <source>StratPlan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="46"/>
        <source>Passphrase of this laptop&apos;s key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="48"/>
        <source>No passphrase was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="86"/>
        <source>Open store</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommentListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="101"/>
        <source>(withdrawn)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="37"/>
        <source>Write a comment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="39"/>
        <source>&amp;Post comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="40"/>
        <source>Reply to selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="41"/>
        <source>Withdraw selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="71"/>
        <source>Replying to {author}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="21"/>
        <location filename="../../stratplan/ui/errors.py" line="42"/>
        <source>StratPlan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="39"/>
        <source>Something unexpected went wrong. Your saved work is safe.

{error}

Details were written to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="52"/>
        <source>All proposals</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="36"/>
        <source>Select a revision to compare it with the newest; Ctrl+click to pick two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="42"/>
        <source>&amp;Restore this revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="72"/>
        <source>These two revisions have the same text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="103"/>
        <location filename="../../stratplan/ui/widgets/history.py" line="104"/>
        <source>Revision #{n} ({author})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="87"/>
        <source>Filter: title, summary, text, tags, author, organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="118"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="120"/>
        <source>&amp;Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="134"/>
        <location filename="../../stratplan/ui/main_window.py" line="176"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="135"/>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="136"/>
        <source>&amp;Comments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="147"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="147"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="147"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="148"/>
        <source>Objective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="148"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="149"/>
        <source>Indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="149"/>
        <source>Responsible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="150"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="150"/>
        <source>End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="150"/>
        <source>Resources / budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="151"/>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="151"/>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="151"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="152"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="165"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="166"/>
        <source>&amp;New store...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="167"/>
        <source>&amp;Open store...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="168"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="172"/>
        <source>Se&amp;ttings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="175"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="177"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="179"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="189"/>
        <source>&amp;New plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="191"/>
        <source>&amp;Save plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="193"/>
        <source>&amp;Delete plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="198"/>
        <source>&amp;Find...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="199"/>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="200"/>
        <source>&amp;Rebuild views from the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="201"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="202"/>
        <source>&amp;About StratPlan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="292"/>
        <source>{shown} of {total} plan points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="343"/>
        <source>This point was edited on two laptops at once. The newest version is shown; compare the versions in History and save the text you want.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="349"/>
        <source>Recovered unsaved changes from {time}. Save to keep them, or undo with “Discard changes”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="352"/>
        <source>The point has changed since: check History before saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="376"/>
        <source>Unsaved changes (kept safe on this laptop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="378"/>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="403"/>
        <source>Save plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="420"/>
        <source>Create a working group first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="423"/>
        <source>Untitled plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="425"/>
        <source>New plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="436"/>
        <source>Delete plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="450"/>
        <source>Restore revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="456"/>
        <source>Post comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="464"/>
        <source>Withdraw comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="477"/>
        <source>Rebuilt the views from {n} operations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="483"/>
        <source>Open store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="484"/>
        <source>StratPlan stores (*.sqlite);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="489"/>
        <source>New store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="490"/>
        <source>StratPlan stores (*.sqlite)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="15"/>
        <source>Start a new coalition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="20"/>
        <source>e.g. LT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="22"/>
        <source>e.g. lt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="25"/>
        <source>Coalition name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="26"/>
        <source>Your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="27"/>
        <source>Short code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="28"/>
        <source>Country (ISO code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="29"/>
        <source>Working language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="30"/>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalEditor</name>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="47"/>
        <source>A short, clear name for the plan point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="51"/>
        <source>One action per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>Indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Add indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="58"/>
        <source>Remove indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="63"/>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="67"/>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="67"/>
        <source>National</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="68"/>
        <source>International</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="72"/>
        <source>Comma-separated, e.g. police, training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="77"/>
        <source>Reason (needed when withdrawn or rejected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="79"/>
        <source>The full text, in Markdown: ## headings, **bold**, lists...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="91"/>
        <source>&amp;Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="92"/>
        <source>S&amp;ummary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="93"/>
        <source>&amp;Objective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="94"/>
        <source>&amp;Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="102"/>
        <source>Indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="103"/>
        <source>&amp;Responsible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="106"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="109"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="110"/>
        <source>Re&amp;sources / budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="111"/>
        <source>&amp;Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="112"/>
        <source>Ta&amp;gs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="116"/>
        <source>Stat&amp;us</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="75"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="76"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="77"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="78"/>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="79"/>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="80"/>
        <source>Revisions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevisionListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="84"/>
        <source>#{n}  {when}  {author} ({org})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="17"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="23"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="31"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="32"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="33"/>
        <source>In discussion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="34"/>
        <source>Merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="35"/>
        <source>Adopted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="36"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="37"/>
        <source>Withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="15"/>
        <source>Welcome to StratPlan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="19"/>
        <source>This store is empty. You can explore StratPlan with a fictional demo coalition (33 organisations from 26 countries), start your own coalition, or open another store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="23"/>
        <source>Load the &amp;demo coalition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="24"/>
        <source>Start a &amp;new coalition...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="25"/>
        <source>&amp;Open another store...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
