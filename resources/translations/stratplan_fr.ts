<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>About</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/about.py" line="32"/>
        <source>About StratPlan</source>
        <translation>À propos de StratPlan</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../stratplan/app.py" line="41"/>
        <source>StratPlan</source>
        <translation>StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="42"/>
        <source>Passphrase of this laptop&apos;s key:</source>
        <translation>Phrase secrète de la clé de cet ordinateur&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="44"/>
        <source>No passphrase was given.</source>
        <translation>Aucune phrase secrète n’a été saisie.</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="107"/>
        <source>Open store</source>
        <translation>Ouvrir une base</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="128"/>
        <source>Save the join request</source>
        <translation>Enregistrer la demande d’adhésion</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="129"/>
        <source>Join requests (*.request)</source>
        <translation>Demandes d’adhésion (*.request)</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="135"/>
        <source>Join a coalition</source>
        <translation>Rejoindre une coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="136"/>
        <source>Saved {file}. Send it to the convener and read them this laptop&apos;s fingerprint aloud: {fp}

When their reply arrives, start StratPlan again and choose &apos;Receive the reply&apos;.</source>
        <translation>{file} est enregistré. Envoyez-le à l’organisation coordinatrice et lisez-lui à voix haute l’empreinte de cet ordinateur&#xa0;: {fp}

Quand sa réponse arrive, relancez StratPlan et choisissez «&#xa0;Recevoir la réponse&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="147"/>
        <source>Receive the reply</source>
        <translation>Recevoir la réponse</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="148"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>Paquets StratPlan (*.stratplan *.bundle);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>BallotForm</name>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="43"/>
        <source>Abstain</source>
        <translation>Abstention</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="43"/>
        <source>Yes, it fits our organisation</source>
        <translation>Oui, il convient à notre organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="47"/>
        <source>Blank</source>
        <translation>Blanc</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="49"/>
        <source>Not ranked</source>
        <translation>Non classé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="54"/>
        <source>For each point: does it fit your organisation?</source>
        <translation>Pour chaque point&#xa0;: convient-il à votre organisation&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="55"/>
        <source>Give each point a place: 1 is your first choice; equal places are ties; points left unranked share the last place.</source>
        <translation>Donnez un rang à chaque point&#xa0;: 1 est votre premier choix&#xa0;; des rangs égaux sont des ex æquo&#xa0;; les points non classés partagent la dernière place.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="57"/>
        <source>Grade each point from 0 (poor) to 5 (excellent), or leave it blank.</source>
        <translation>Notez chaque point de 0 (insuffisant) à 5 (excellent), ou laissez-le en blanc.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="60"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="60"/>
        <source>Your choice</source>
        <translation>Votre choix</translation>
    </message>
</context>
<context>
    <name>BallotTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="127"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="127"/>
        <source>Entered by</source>
        <translation>Saisi par</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="127"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="140"/>
        <source>refused: {why}</source>
        <translation>refusé&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="142"/>
        <source>late (after the close), not counted</source>
        <translation>hors délai (après la clôture), non compté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="144"/>
        <source>counted</source>
        <translation>compté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="146"/>
        <source>current ballot</source>
        <translation>bulletin en vigueur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="148"/>
        <source>replaced by a later ballot</source>
        <translation>remplacé par un bulletin ultérieur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="150"/>
        <source>two laptops of this organisation voted differently</source>
        <translation>deux ordinateurs de cette organisation ont voté différemment</translation>
    </message>
</context>
<context>
    <name>CoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="24"/>
        <source>Organisations and people</source>
        <translation>Organisations et personnes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="26"/>
        <source>Director</source>
        <translation>Directeur·rice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="26"/>
        <source>Facilitator</source>
        <translation>Facilitateur·rice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="27"/>
        <source>Convener</source>
        <translation>Coordinateur·rice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="27"/>
        <source>Member</source>
        <translation>Membre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="30"/>
        <source>Person</source>
        <translation>Personne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="30"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="30"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="30"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="30"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>CommentListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="128"/>
        <source>(withdrawn)</source>
        <translation>(retiré)</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="37"/>
        <source>Write a comment...</source>
        <translation>Écrire un commentaire...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="39"/>
        <source>P&amp;ost comment</source>
        <translation>Pu&amp;blier le commentaire</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="40"/>
        <source>Reply to selected</source>
        <translation>Répondre au commentaire choisi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="41"/>
        <source>Withdraw selected</source>
        <translation>Retirer le commentaire choisi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="76"/>
        <source>Replying to {author}</source>
        <translation>En réponse à {author}</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="65"/>
        <source>Conflicts</source>
        <translation>Conflits</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="74"/>
        <source>Save the &amp;combined text</source>
        <translation>Enregistrer le texte &amp;combiné</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="78"/>
        <source>Before either change (common ancestor):</source>
        <translation>Avant les deux modifications (ancêtre commun)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="81"/>
        <source>Or write a combined text:</source>
        <translation>Ou rédigez un texte combiné&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="104"/>
        <source>No conflicts: every plan point has one agreed text.</source>
        <translation>Aucun conflit&#xa0;: chaque point du plan a un seul texte convenu.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="134"/>
        <source>{who} ({org}):</source>
        <translation>{who} ({org})&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="138"/>
        <source>Keep this version</source>
        <translation>Garder cette version</translation>
    </message>
</context>
<context>
    <name>ConsolidationWindow</name>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="90"/>
        <source>Consolidation — StratPlan</source>
        <translation>Consolidation — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="95"/>
        <source>&amp;Find overlaps</source>
        <translation>T&amp;rouver les recoupements</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="102"/>
        <source>&amp;Use the source&apos;s value for this field</source>
        <translation>Utilis&amp;er la valeur de la source pour ce champ</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="104"/>
        <source>&amp;Merge the others into the target</source>
        <translation>&amp;Fusionner les autres dans la cible</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="106"/>
        <source>&amp;Undo the selected merge</source>
        <translation>&amp;Annuler la fusion choisie</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="114"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="114"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="114"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="115"/>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="115"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="116"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="116"/>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="117"/>
        <source>Resources / budget</source>
        <translation>Ressources / budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="117"/>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="122"/>
        <source>Look in:</source>
        <translation>Chercher dans&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Possible duplicates and overlaps, most similar first:</source>
        <translation>Doublons et recoupements possibles, les plus proches d’abord&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="131"/>
        <source>Surviving point:</source>
        <translation>Point conservé&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="133"/>
        <source>Compare with:</source>
        <translation>Comparer avec&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="145"/>
        <source>Shared passages are highlighted.</source>
        <translation>Les passages communs sont surlignés.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="148"/>
        <source>The combined point (edit before merging):</source>
        <translation>Le point combiné (à retoucher avant la fusion)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="160"/>
        <source>&amp;Suggestions</source>
        <translation>Su&amp;ggestions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="161"/>
        <source>M&amp;erges</source>
        <translation>Fusi&amp;ons</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="180"/>
        <source>The whole coalition</source>
        <translation>Toute la coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="225"/>
        <source>{sources} → {target} ({org}, {state})</source>
        <translation>{sources} → {target} ({org}, {state})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="227"/>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="227"/>
        <source>undone</source>
        <translation>annulée</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="325"/>
        <source>Merged %n proposals into “{title}”.</source>
        <translation>
            <numerusform>%n proposition fusionnée dans «&#xa0;{title}&#xa0;».</numerusform>
            <numerusform>%n propositions fusionnées dans «&#xa0;{title}&#xa0;».</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="81"/>
        <source>{area}: {needs}, {unmet}, {offers}</source>
        <translation>{area}&#xa0;: {needs}, dont {unmet}, {offers}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="82"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n besoin</numerusform>
            <numerusform>%n besoins</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="83"/>
        <source>%n without any offer</source>
        <translation>
            <numerusform>%n sans aucune offre</numerusform>
            <numerusform>%n sans aucune offre</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="84"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n offre</numerusform>
            <numerusform>%n offres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="106"/>
        <source>needs help here; %n other organisations offer it</source>
        <translation>
            <numerusform>a besoin d’aide ici&#xa0;; %n autre organisation la propose</numerusform>
            <numerusform>a besoin d’aide ici&#xa0;; %n autres organisations la proposent</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="107"/>
        <source>needs help here; nobody offers it yet</source>
        <translation>a besoin d’aide ici&#xa0;; personne ne la propose encore</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="108"/>
        <source>offers help here</source>
        <translation>propose son aide ici</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="108"/>
        <source>nothing recorded</source>
        <translation>rien d’enregistré</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="23"/>
        <location filename="../../stratplan/ui/errors.py" line="49"/>
        <source>StratPlan</source>
        <translation>StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="46"/>
        <source>Something unexpected went wrong. Your saved work is safe.

{error}

Details were written to {path}.</source>
        <translation>Un problème inattendu est survenu. Votre travail enregistré est en sécurité.

{error}

Les détails ont été écrits dans {path}.</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="246"/>
        <source>Writing {name}...</source>
        <translation>Écriture de {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="264"/>
        <source>OpenDocument (*.odt), needs LibreOffice (not installed)</source>
        <translation>OpenDocument (*.odt), nécessite LibreOffice (non installé)</translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="42"/>
        <source>&amp;Organisations and people...</source>
        <translation>&amp;Organisations et personnes...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="44"/>
        <source>&amp;New working group...</source>
        <translation>&amp;Nouveau groupe de travail...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="45"/>
        <source>&amp;Rename working group...</source>
        <translation>&amp;Renommer le groupe de travail...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="46"/>
        <source>&amp;Members...</source>
        <translation>&amp;Membres...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="47"/>
        <source>&amp;Archive working group</source>
        <translation>&amp;Archiver le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="59"/>
        <source>New working group</source>
        <translation>Nouveau groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="61"/>
        <source>New working group</source>
        <comment>undo</comment>
        <translation>Nouveau groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="72"/>
        <source>Select a working group in the list first.</source>
        <translation>Choisissez d’abord un groupe de travail dans la liste.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="81"/>
        <source>Rename working group</source>
        <translation>Renommer le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="85"/>
        <source>Rename working group</source>
        <comment>undo</comment>
        <translation>Renommer le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="93"/>
        <source>Archive working group</source>
        <translation>Archiver le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="94"/>
        <source>Working group archived: {name}</source>
        <translation>Groupe de travail archivé&#xa0;: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="105"/>
        <source>Change group members</source>
        <translation>Modifier les membres du groupe</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/group_actions.py" line="107"/>
        <source>{name} now has %n member organisations.</source>
        <translation>
            <numerusform>{name} compte désormais %n organisation membre.</numerusform>
            <numerusform>{name} compte désormais %n organisations membres.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="37"/>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="38"/>
        <source>&amp;Description</source>
        <translation>&amp;Description</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="75"/>
        <source>All proposals</source>
        <translation>Toutes les propositions</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="36"/>
        <source>Select a revision to compare it with the newest; Ctrl+click to pick two.</source>
        <translation>Choisissez une révision pour la comparer à la plus récente&#xa0;; Ctrl+clic pour en choisir deux.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="42"/>
        <source>&amp;Restore this revision</source>
        <translation>&amp;Restaurer cette révision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="72"/>
        <source>These two revisions have the same text.</source>
        <translation>Ces deux révisions ont le même texte.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="107"/>
        <location filename="../../stratplan/ui/widgets/history.py" line="108"/>
        <source>Revision #{n} ({author})</source>
        <translation>Révision n° {n} ({author})</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="27"/>
        <source>Import proposals from {name}</source>
        <translation>Importer des propositions depuis {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="32"/>
        <source>(possible duplicate of “{title}”)</source>
        <translation>(doublon possible de «&#xa0;{title}&#xa0;»)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="42"/>
        <source>Nothing was skipped.</source>
        <translation>Rien n’a été écarté.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="45"/>
        <source>Points found</source>
        <translation>Points trouvés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="46"/>
        <source>Skipped</source>
        <translation>Écartés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="47"/>
        <source>Working group</source>
        <translation>Groupe de travail</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="46"/>
        <source>Join a coalition</source>
        <translation>Rejoindre une coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="48"/>
        <source>StratPlan writes a request file. Send it to the coalition&apos;s convener (or, for a second laptop, to your organisation&apos;s first laptop). Their reply is a bundle file: receive it here.</source>
        <translation>StratPlan rédige un fichier de demande. Envoyez-le à l’organisation coordinatrice de la coalition (ou, pour un deuxième ordinateur, au premier ordinateur de votre organisation). Sa réponse est un fichier paquet&#xa0;: recevez-le ici.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="51"/>
        <source>This is a second laptop of an organisation already in the coalition</source>
        <translation>C’est un deuxième ordinateur d’une organisation déjà membre de la coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="56"/>
        <source>e.g. LT</source>
        <translation>p. ex. FR</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="58"/>
        <source>e.g. lt</source>
        <translation>p. ex. fr</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="61"/>
        <source>e.g. Rūta&apos;s laptop</source>
        <translation>p. ex. l’ordinateur de Rūta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="66"/>
        <source>Your organisation</source>
        <translation>Votre organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="66"/>
        <source>Short code</source>
        <translation>Code court</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="67"/>
        <source>Country (ISO code)</source>
        <translation>Pays (code ISO)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="68"/>
        <source>Working language</source>
        <translation>Langue de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="68"/>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="69"/>
        <source>This laptop&apos;s name</source>
        <translation>Nom de cet ordinateur</translation>
    </message>
</context>
<context>
    <name>LayoutPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="87"/>
        <source>Sections and points</source>
        <translation>Sections et points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="92"/>
        <source>Add &amp;section...</source>
        <translation>Ajouter une &amp;section...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="93"/>
        <source>Rena&amp;me section...</source>
        <translation>Reno&amp;mmer la section...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="94"/>
        <source>Remove from programme</source>
        <translation>Retirer du programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="95"/>
        <source>← Pl&amp;ace in selected section</source>
        <translation>← Pl&amp;acer dans la section choisie</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="96"/>
        <source>Save &amp;order</source>
        <translation>Enregistrer l’&amp;ordre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="97"/>
        <source>Create &amp;release...</source>
        <translation>Publier une &amp;version...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="111"/>
        <source>Adopted points not yet placed (in ranking order):</source>
        <translation>Points adoptés pas encore placés (dans l’ordre du classement)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="115"/>
        <source>Releases (select two to compare):</source>
        <translation>Versions publiées (en choisir deux pour les comparer)&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/layout_page.py" line="194"/>
        <source>{name} — {date}, %n points</source>
        <translation>
            <numerusform>{name} — {date}, %n point</numerusform>
            <numerusform>{name} — {date}, %n points</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="248"/>
        <source>Add section</source>
        <translation>Ajouter une section</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="248"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="260"/>
        <source>Strategic area:</source>
        <translation>Axe stratégique&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="257"/>
        <source>Select a section in the tree first.</source>
        <translation>Choisissez d’abord une section dans l’arborescence.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="260"/>
        <source>Rename section</source>
        <translation>Renommer la section</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="281"/>
        <source>Strategic area 1</source>
        <translation>Axe stratégique 1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="314"/>
        <source>Select two releases to see what changed between them.</source>
        <translation>Choisissez deux versions publiées pour voir ce qui a changé entre elles.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="321"/>
        <source>added</source>
        <translation>ajouté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="321"/>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="321"/>
        <source>changed</source>
        <translation>modifié</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="322"/>
        <source>moved</source>
        <translation>déplacé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="326"/>
        <source>No changes.</source>
        <translation>Aucun changement.</translation>
    </message>
</context>
<context>
    <name>LocalPlanPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="74"/>
        <source>&amp;Start a local plan from a release...</source>
        <translation>&amp;Commencer un plan local à partir d’une version publiée...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="75"/>
        <source>Follow a ne&amp;wer release...</source>
        <translation>Suivre une version plus &amp;récente...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="77"/>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="77"/>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="77"/>
        <source>Our decision</source>
        <translation>Notre décision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="89"/>
        <source>&amp;Accept the programme&apos;s change</source>
        <translation>&amp;Accepter la modification du programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="90"/>
        <source>&amp;Keep our version</source>
        <translation>&amp;Garder notre version</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="91"/>
        <source>Adopt as is</source>
        <translation>Adopter tel quel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="92"/>
        <source>Adapt</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="93"/>
        <source>Not applicable here</source>
        <translation>Sans objet ici</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="104"/>
        <source>One per line: indicator; baseline; target; unit</source>
        <translation>Un par ligne&#xa0;: indicateur&#xa0;; valeur de départ&#xa0;; cible&#xa0;; unité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="106"/>
        <source>Save &amp;decision</source>
        <translation>Enregistrer la &amp;décision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="107"/>
        <source>Add a local po&amp;int...</source>
        <translation>Ajouter un po&amp;int local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="112"/>
        <source>Local plan:</source>
        <translation>Plan local&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="121"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="122"/>
        <source>Local text</source>
        <translation>Texte local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="123"/>
        <source>Local actions</source>
        <translation>Actions locales</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="124"/>
        <source>Responsible person</source>
        <translation>Personne responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="125"/>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="126"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="127"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="128"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="129"/>
        <source>Reason (if not applicable)</source>
        <translation>Motif (si sans objet)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="137"/>
        <source>The programme&apos;s text:</source>
        <translation>Le texte du programme&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="194"/>
        <source>adopt as is</source>
        <translation>adopter tel quel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="194"/>
        <source>adapt</source>
        <translation>adapter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="195"/>
        <source>not applicable here</source>
        <translation>sans objet ici</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="198"/>
        <source>local point</source>
        <translation>point local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="268"/>
        <source>The programme changed this point after you decided ({fields}). Accept the new text, or keep your version.</source>
        <translation>Le programme a modifié ce point après votre décision ({fields}). Acceptez le nouveau texte ou gardez votre version.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="331"/>
        <source>There is no release yet: create one on the “Unified programme” page first.</source>
        <translation>Il n’y a pas encore de version publiée&#xa0;: publiez-en d’abord une sur la page «&#xa0;Programme commun&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="336"/>
        <source>Start a local plan</source>
        <translation>Commencer un plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="350"/>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="360"/>
        <source>Start a local plan first.</source>
        <translation>Commencez d’abord un plan local.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="352"/>
        <source>Follow a newer release</source>
        <translation>Suivre une version plus récente</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="363"/>
        <source>Add a local point</source>
        <translation>Ajouter un point local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="363"/>
        <source>Title:</source>
        <translation>Titre&#xa0;:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="147"/>
        <source>Filter: title, summary, text, tags, author, organisation</source>
        <translation>Filtrer&#xa0;: titre, résumé, texte, mots-clés, auteur, organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="189"/>
        <source>Sa&amp;ve</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="191"/>
        <source>Discard cha&amp;nges</source>
        <translation>Abandonner les &amp;modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="205"/>
        <source>E&amp;dit</source>
        <translation>Rédactio&amp;n</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="206"/>
        <source>Histor&amp;y</source>
        <translation>&amp;Historique</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="207"/>
        <source>&amp;Comments</source>
        <translation>&amp;Commentaires</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="219"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="219"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="219"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="220"/>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="220"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="221"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="221"/>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="222"/>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="222"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="222"/>
        <source>Resources / budget</source>
        <translation>Ressources / budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="223"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="223"/>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="223"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="224"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="233"/>
        <source>&amp;New store...</source>
        <translation>&amp;Nouvelle base...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="234"/>
        <source>&amp;Open store...</source>
        <translation>&amp;Ouvrir une base...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="235"/>
        <source>Open &amp;recent</source>
        <translation>Bases &amp;récentes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="239"/>
        <source>&amp;Import proposals (Word, Markdown)...</source>
        <translation>&amp;Importer des propositions (Word, Markdown)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="241"/>
        <source>Se&amp;ttings...</source>
        <translation>&amp;Paramètres...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="244"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="245"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="246"/>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="248"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="258"/>
        <source>&amp;New plan point</source>
        <translation>&amp;Nouveau point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="260"/>
        <source>&amp;Save plan point</source>
        <translation>&amp;Enregistrer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="262"/>
        <source>&amp;Delete plan point</source>
        <translation>&amp;Supprimer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="267"/>
        <source>&amp;Find...</source>
        <translation>Rec&amp;hercher...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="268"/>
        <source>&amp;Conflicts...</source>
        <translation>&amp;Conflits...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="269"/>
        <source>Sp&amp;lit plan point...</source>
        <translation>&amp;Diviser le point du plan...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="270"/>
        <source>Re&amp;tire plan point...</source>
        <translation>C&amp;lore le point du plan...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="271"/>
        <source>&amp;Groups</source>
        <translation>&amp;Groupes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="273"/>
        <source>&amp;Programme</source>
        <translation>&amp;Programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="274"/>
        <source>Voting &amp;rounds...</source>
        <translation>&amp;Tours de vote...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="275"/>
        <source>&amp;Programme and local plan...</source>
        <translation>&amp;Programme et plan local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="276"/>
        <source>Peer-to-peer &amp;training...</source>
        <translation>&amp;Formation entre pairs...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="277"/>
        <source>&amp;Consolidation (overlaps and merges)...</source>
        <translation>&amp;Consolidation (recoupements et fusions)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="279"/>
        <source>&amp;Sharing</source>
        <translation>Pa&amp;rtage</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="281"/>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="282"/>
        <source>&amp;Rebuild views from the log</source>
        <translation>&amp;Reconstruire les vues à partir du journal</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="283"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="284"/>
        <source>&amp;About StratPlan</source>
        <translation>À &amp;propos de StratPlan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="483"/>
        <source>{shown} of %n plan points</source>
        <translation>
            <numerusform>{shown} sur %n point du plan</numerusform>
            <numerusform>{shown} sur %n points du plan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="686"/>
        <source>Rebuilt the views from %n operations.</source>
        <translation>
            <numerusform>Vues reconstruites à partir de %n opération.</numerusform>
            <numerusform>Vues reconstruites à partir de %n opérations.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="539"/>
        <source>Merged from other proposals; co-authors: {names}.</source>
        <translation>Issu de la fusion d’autres propositions&#xa0;; coauteurs&#xa0;: {names}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="542"/>
        <source>Edited after the merge (review them in the merged proposals): {titles}.</source>
        <translation>Modifiées après la fusion (à revoir dans les propositions fusionnées)&#xa0;: {titles}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="547"/>
        <source>This point was edited on two laptops at once. The newest version is shown; compare the versions in History and save the text you want.</source>
        <translation>Ce point a été modifié sur deux ordinateurs à la fois. La version la plus récente est affichée&#xa0;; comparez les versions dans l’Historique et enregistrez le texte que vous voulez garder.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="553"/>
        <source>Recovered unsaved changes from {time}. Save to keep them, or undo with “Discard changes”.</source>
        <translation>Modifications non enregistrées du {time} récupérées. Enregistrez pour les garder, ou annulez-les avec «&#xa0;Abandonner les modifications&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="556"/>
        <source>The point has changed since: check History before saving.</source>
        <translation>Le point a changé entre-temps&#xa0;: consultez l’Historique avant d’enregistrer.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="580"/>
        <source>Unsaved changes (kept safe on this laptop)</source>
        <translation>Modifications non enregistrées (conservées en sécurité sur cet ordinateur)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="582"/>
        <source>All changes saved</source>
        <translation>Toutes les modifications sont enregistrées</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="606"/>
        <source>Save plan point</source>
        <translation>Enregistrer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="620"/>
        <source>Untitled plan point</source>
        <translation>Point du plan sans titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="622"/>
        <source>New plan point</source>
        <translation>Nouveau point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="632"/>
        <source>Delete plan point</source>
        <translation>Supprimer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="652"/>
        <source>Restore revision</source>
        <translation>Restaurer la révision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="658"/>
        <source>Post comment</source>
        <translation>Publier le commentaire</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="666"/>
        <source>Withdraw comment</source>
        <translation>Retirer le commentaire</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="683"/>
        <source>Rebuilding the views from the log...</source>
        <translation>Reconstruction des vues à partir du journal...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="692"/>
        <source>Open store</source>
        <translation>Ouvrir une base</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="693"/>
        <source>StratPlan stores (*.sqlite);;All files (*)</source>
        <translation>Bases StratPlan (*.sqlite);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="698"/>
        <source>New store</source>
        <translation>Nouvelle base</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="699"/>
        <source>StratPlan stores (*.sqlite)</source>
        <translation>Bases StratPlan (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="82"/>
        <source>Import proposals</source>
        <translation>Importer des propositions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="83"/>
        <source>Word or Markdown (*.docx *.md *.markdown *.txt)</source>
        <translation>Word ou Markdown (*.docx *.md *.markdown *.txt)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window_tools.py" line="100"/>
        <source>%n proposals imported as drafts.</source>
        <translation>
            <numerusform>%n proposition importée comme brouillon.</numerusform>
            <numerusform>%n propositions importées comme brouillons.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="141"/>
        <source>Split plan point</source>
        <translation>Diviser le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="142"/>
        <source>Titles of the new points, one per line:</source>
        <translation>Titres des nouveaux points, un par ligne&#xa0;:</translation>
    </message>
</context>
<context>
    <name>MembersDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="54"/>
        <source>Member organisations</source>
        <translation>Organisations membres</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="56"/>
        <source>Filter organisations</source>
        <translation>Filtrer les organisations</translation>
    </message>
</context>
<context>
    <name>NewCoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="15"/>
        <source>Start a new coalition</source>
        <translation>Créer une nouvelle coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="20"/>
        <source>e.g. LT</source>
        <translation>p. ex. FR</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="22"/>
        <source>e.g. lt</source>
        <translation>p. ex. fr</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="25"/>
        <source>Coalition name</source>
        <translation>Nom de la coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="26"/>
        <source>Your organisation</source>
        <translation>Votre organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="27"/>
        <source>Short code</source>
        <translation>Code court</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="28"/>
        <source>Country (ISO code)</source>
        <translation>Pays (code ISO)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="29"/>
        <source>Working language</source>
        <translation>Langue de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="30"/>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
</context>
<context>
    <name>NewRoundDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="41"/>
        <source>Open a voting round</source>
        <translation>Ouvrir un tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="44"/>
        <source>Approval: does each point fit our organisation?</source>
        <translation>Approbation&#xa0;: chaque point convient-il à notre organisation&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="45"/>
        <source>Ranking: order the points (Schulze)</source>
        <translation>Classement&#xa0;: ordonner les points (Schulze)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="46"/>
        <source>Score: grade each point 0 to 5</source>
        <translation>Notation&#xa0;: noter chaque point de 0 à 5</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="51"/>
        <source>of those who expressed a view</source>
        <translation>des suffrages exprimés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="52"/>
        <source>of the whole electorate</source>
        <translation>de l’ensemble du corps électoral</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="54"/>
        <source>YYYY-MM-DD (optional)</source>
        <translation>AAAA-MM-JJ (facultatif)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="62"/>
        <source>&amp;Title</source>
        <translation>&amp;Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="63"/>
        <source>&amp;Method</source>
        <translation>&amp;Méthode</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="64"/>
        <source>&amp;Proposals</source>
        <translation>&amp;Propositions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="65"/>
        <source>T&amp;hreshold</source>
        <translation>&amp;Seuil</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="66"/>
        <source>Support counted</source>
        <translation>Base de calcul</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="67"/>
        <source>&amp;Quorum</source>
        <translation>&amp;Quorum</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="68"/>
        <source>&amp;Closing date</source>
        <translation>Date de &amp;clôture</translation>
    </message>
</context>
<context>
    <name>PairwiseModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="206"/>
        <source>{n} preferred {x} to {y}; strongest path {p}</source>
        <translation>{n} ont préféré {x} à {y}&#xa0;; chemin le plus fort&#xa0;: {p}</translation>
    </message>
</context>
<context>
    <name>PeerWindow</name>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="66"/>
        <source>Peer-to-peer training — StratPlan</source>
        <translation>Formation entre pairs — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="74"/>
        <source>Our &amp;needs and offers</source>
        <translation>&amp;Nos besoins et nos offres</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="75"/>
        <source>&amp;Matches and pairings</source>
        <translation>&amp;Rapprochements et binômes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="80"/>
        <source>Green: a need others can meet · Red: a need nobody offers · Blue: an offer · H/M/L: priority of the need · +n: offers made</source>
        <translation>Vert&#xa0;: un besoin que d’autres peuvent couvrir · Rouge&#xa0;: un besoin que personne ne couvre · Bleu&#xa0;: une offre · H/M/L&#xa0;: priorité du besoin (haute, moyenne, basse) · +n&#xa0;: offres faites</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="86"/>
        <source>&amp;Coverage</source>
        <translation>&amp;Couverture</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="88"/>
        <source>Export the &amp;training plan...</source>
        <translation>Exporter le plan de &amp;formation...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="89"/>
        <source>&amp;Import needs assessment (CSV)...</source>
        <translation>&amp;Importer une évaluation des besoins (CSV)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="90"/>
        <source>Add a capacity &amp;area...</source>
        <translation>Ajouter un &amp;domaine de compétences...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="95"/>
        <source>Training plan of:</source>
        <translation>Plan de formation de&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="115"/>
        <location filename="../../stratplan/ui/peer/window.py" line="118"/>
        <location filename="../../stratplan/ui/peer/window.py" line="140"/>
        <source>Area</source>
        <translation>Domaine</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="115"/>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="115"/>
        <location filename="../../stratplan/ui/peer/window.py" line="118"/>
        <location filename="../../stratplan/ui/peer/window.py" line="144"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="118"/>
        <location filename="../../stratplan/ui/peer/window.py" line="165"/>
        <source>Tool or practice</source>
        <translation>Outil ou pratique</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="118"/>
        <source>Formats</source>
        <translation>Formats</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="126"/>
        <source>high</source>
        <translation>haute</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="126"/>
        <source>medium</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="126"/>
        <source>low</source>
        <translation>basse</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="131"/>
        <source>training</source>
        <translation>formation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="131"/>
        <source>materials</source>
        <translation>supports</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="132"/>
        <source>mentoring</source>
        <translation>mentorat</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="132"/>
        <source>study visit</source>
        <translation>visite d’étude</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="136"/>
        <source>Add as a &amp;need</source>
        <translation>Ajouter comme &amp;besoin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="137"/>
        <source>Add as an &amp;offer</source>
        <translation>Ajouter comme &amp;offre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="138"/>
        <source>&amp;Withdraw selected</source>
        <translation>Re&amp;tirer la sélection</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="141"/>
        <source>Priority (needs)</source>
        <translation>Priorité (besoins)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="142"/>
        <source>Tool or practice (offers)</source>
        <translation>Outil ou pratique (offres)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="143"/>
        <source>Format (offers)</source>
        <translation>Format (offres)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="149"/>
        <source>Where we need help:</source>
        <translation>Là où nous avons besoin d’aide&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="151"/>
        <source>What we can share:</source>
        <translation>Ce que nous pouvons partager&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="165"/>
        <source>Offered by</source>
        <translation>Proposé par</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="165"/>
        <source>Shared languages</source>
        <translation>Langues communes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="165"/>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="170"/>
        <source>&amp;Confirm this pairing</source>
        <translation>&amp;Confirmer ce binôme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="173"/>
        <source>Needs of every organisation:</source>
        <translation>Besoins de chaque organisation&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="176"/>
        <source>Organisations that can help, best first:</source>
        <translation>Organisations qui peuvent aider, les plus adaptées d’abord&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="179"/>
        <source>Confirmed pairings:</source>
        <translation>Binômes confirmés&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="305"/>
        <source>Add a capacity area</source>
        <translation>Ajouter un domaine de compétences</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="305"/>
        <source>Name of the area:</source>
        <translation>Nom du domaine&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="313"/>
        <source>Import needs assessment</source>
        <translation>Importer une évaluation des besoins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="314"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="321"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Impossible de lire {path}&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="328"/>
        <source>Imported {needs} and {offers}.</source>
        <translation>Importation&#xa0;: {needs} et {offers}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="329"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n besoin</numerusform>
            <numerusform>%n besoins</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="329"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n offre</numerusform>
            <numerusform>%n offres</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="334"/>
        <source>Export the training plan</source>
        <translation>Exporter le plan de formation</translation>
    </message>
</context>
<context>
    <name>ProgrammeWindow</name>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="62"/>
        <source>Programme and local plan — StratPlan</source>
        <translation>Programme et plan local — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="66"/>
        <source>Unified &amp;programme</source>
        <translation>&amp;Programme commun</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="67"/>
        <source>Our &amp;local plan</source>
        <translation>Notre plan &amp;local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="72"/>
        <source>E&amp;xport the selected release...</source>
        <translation>E&amp;xporter la version publiée choisie...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="73"/>
        <source>Export our local pla&amp;n...</source>
        <translation>Exporter notre pla&amp;n local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="75"/>
        <source>Word &amp;template: default</source>
        <translation>Modèle &amp;Word&#xa0;: par défaut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="77"/>
        <source>Document lan&amp;guage:</source>
        <translation>Lan&amp;gue du document&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="150"/>
        <source>Word template</source>
        <translation>Modèle Word</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="151"/>
        <source>Word documents and templates (*.docx *.dotx)</source>
        <translation>Documents et modèles Word (*.docx *.dotx)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="161"/>
        <source>Word template: {name}</source>
        <translation>Modèle Word&#xa0;: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="181"/>
        <source>Select a release in the list first.</source>
        <translation>Choisissez d’abord une version publiée dans la liste.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="183"/>
        <source>Export the programme</source>
        <translation>Exporter le programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="192"/>
        <source>Start a local plan first.</source>
        <translation>Commencez d’abord un plan local.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="194"/>
        <source>Export our local plan</source>
        <translation>Exporter notre plan local</translation>
    </message>
</context>
<context>
    <name>ProposalEditor</name>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="50"/>
        <source>A short, clear name for the plan point</source>
        <translation>Un nom court et clair pour le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>One action per line</source>
        <translation>Une action par ligne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Indicator</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Baseline</source>
        <translation>Valeur de départ</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="61"/>
        <source>Add indicator</source>
        <translation>Ajouter un indicateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="62"/>
        <source>Remove indicator</source>
        <translation>Retirer l’indicateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="67"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="75"/>
        <source>Comma-separated, e.g. police, training</source>
        <translation>Séparés par des virgules, p. ex. police, formation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="80"/>
        <source>Reason (needed when withdrawn or rejected)</source>
        <translation>Motif (requis en cas de retrait ou de rejet)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="82"/>
        <source>The full text, in Markdown: ## headings, **bold**, lists...</source>
        <translation>Le texte complet, en Markdown&#xa0;: ## titres, **gras**, listes...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="94"/>
        <source>T&amp;itle</source>
        <translation>T&amp;itre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="95"/>
        <source>Su&amp;mmary</source>
        <translation>Ré&amp;sumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="96"/>
        <source>&amp;Objective</source>
        <translation>Ob&amp;jectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="97"/>
        <source>&amp;Actions</source>
        <translation>Ac&amp;tions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="105"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="106"/>
        <source>&amp;Responsible</source>
        <translation>Responsab&amp;le</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="109"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="112"/>
        <source>Timeline</source>
        <translation>Calendrier</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="113"/>
        <source>Resources / &amp;budget</source>
        <translation>Ressources / &amp;budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="114"/>
        <source>&amp;Level</source>
        <translation>Ni&amp;veau</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="115"/>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="119"/>
        <source>Stat&amp;us</source>
        <translation>Stat&amp;ut</translation>
    </message>
</context>
<context>
    <name>ProposalListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="73"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="74"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="75"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="76"/>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="77"/>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="78"/>
        <source>Revisions</source>
        <translation>Révisions</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <location filename="../../stratplan/ui/workers.py" line="80"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>ReleaseChoice</name>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="106"/>
        <source>Release:</source>
        <translation>Version publiée&#xa0;:</translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="34"/>
        <source>Create release</source>
        <translation>Publier une version</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="38"/>
        <source>e.g. Paris 2026, v1</source>
        <translation>p. ex. Paris 2026, v1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="39"/>
        <source>&amp;Name of this version:</source>
        <translation>&amp;Nom de cette version&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="44"/>
        <source>(untitled)</source>
        <translation>(sans titre)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="45"/>
        <source>What goes into the release</source>
        <translation>Ce qui entre dans la version publiée</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="43"/>
        <source>{title} — %n points</source>
        <translation>
            <numerusform>{title} — %n point</numerusform>
            <numerusform>{title} — %n points</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="46"/>
        <source>The release freezes {points} in {sections} as they stand now. It cannot be changed afterwards.</source>
        <translation>La version publiée fige {points} dans {sections}, tels qu’ils sont maintenant. Elle ne pourra plus être modifiée ensuite.</translation>
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
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="60"/>
        <source>What goes in:</source>
        <translation>Ce qui y entre&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="77"/>
        <source>Place at least one point in a section before releasing the programme.</source>
        <translation>Placez au moins un point dans une section avant de publier le programme.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="79"/>
        <source>Give the release a name.</source>
        <translation>Donnez un nom à la version publiée.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="81"/>
        <source>There is already a release named “{name}”. Choose another name.</source>
        <translation>Il existe déjà une version publiée nommée «&#xa0;{name}&#xa0;». Choisissez un autre nom.</translation>
    </message>
</context>
<context>
    <name>RetireDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="18"/>
        <source>Retire plan point</source>
        <translation>Clore le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="28"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="29"/>
        <source>Duplicate of</source>
        <translation>Doublon de</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="30"/>
        <source>Details</source>
        <translation>Précisions</translation>
    </message>
</context>
<context>
    <name>RevisionListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="108"/>
        <source>#{n}  {when}  {author} ({org})</source>
        <translation>n° {n}  {when}  {author} ({org})</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="191"/>
        <source>Coalition and laptops</source>
        <translation>Coalition et ordinateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="198"/>
        <source>Organisation / laptop</source>
        <translation>Organisation / ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="198"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="198"/>
        <source>Key fingerprint</source>
        <translation>Empreinte de la clé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="206"/>
        <source>&amp;Admit an organisation...</source>
        <translation>&amp;Admettre une organisation...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="207"/>
        <source>&amp;Certify our other laptop...</source>
        <translation>&amp;Certifier notre autre ordinateur...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="208"/>
        <source>&amp;Revoke the selected laptop...</source>
        <translation>&amp;Révoquer l’ordinateur choisi...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="220"/>
        <source>This store is waiting for the reply to its join request.</source>
        <translation>Cette base attend la réponse à sa demande d’adhésion.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="221"/>
        <source>This coalition is not set up for sharing (the demo, or a store made before sharing existed).</source>
        <translation>Cette coalition n’est pas configurée pour le partage (la démo, ou une base créée avant l’arrivée du partage).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="226"/>
        <source>{name}: roster version {version}. Compare the fingerprints aloud with each organisation.</source>
        <translation>{name}&#xa0;: liste des membres, version {version}. Comparez à voix haute les empreintes avec chaque organisation.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="230"/>
        <source>convener</source>
        <translation>coordinatrice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="235"/>
        <source>this laptop</source>
        <translation>cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="237"/>
        <source>revoked from change #{n}</source>
        <translation>révoqué à partir de la modification n° {n}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="247"/>
        <source>Held changes: {n}.</source>
        <translation>Modifications en attente&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="250"/>
        <source>Last heard from: {peers}.</source>
        <translation>Derniers échanges&#xa0;: {peers}.</translation>
    </message>
</context>
<context>
    <name>RoundListModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="97"/>
        <source>Round</source>
        <translation>Tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="97"/>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="97"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="97"/>
        <source>Voted</source>
        <translation>Ont voté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="107"/>
        <source>Approval</source>
        <translation>Approbation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="107"/>
        <source>Ranking</source>
        <translation>Classement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="107"/>
        <source>Score</source>
        <translation>Notation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="108"/>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="108"/>
        <source>Closed</source>
        <translation>Clos</translation>
    </message>
</context>
<context>
    <name>ScoreTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="230"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="230"/>
        <source>Blank</source>
        <translation>Blanc</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="230"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="231"/>
        <source>Median</source>
        <translation>Médiane</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="231"/>
        <source>Majority grade</source>
        <translation>Mention majoritaire</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="95"/>
        <source>Send changes</source>
        <translation>Envoyer des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="97"/>
        <source>&amp;Everything this laptop holds (safe for anyone)</source>
        <translation>&amp;Tout ce que détient cet ordinateur (sans risque pour quiconque)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="102"/>
        <source>Only what {peer} has not seen yet</source>
        <translation>Seulement ce que {peer} n’a pas encore vu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="106"/>
        <source>Once you have received changes from someone, you can send them only what they lack.</source>
        <translation>Dès que vous avez reçu des modifications de quelqu’un, vous pouvez ne lui envoyer que ce qui lui manque.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="18"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="24"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
</context>
<context>
    <name>SharingActions</name>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="65"/>
        <source>&amp;Send changes...</source>
        <translation>&amp;Envoyer des modifications...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="66"/>
        <source>&amp;Receive changes...</source>
        <translation>&amp;Recevoir des modifications...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="68"/>
        <source>Sync the shared &amp;folder now</source>
        <translation>Synchroniser le &amp;dossier partagé maintenant</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="69"/>
        <source>Ch&amp;oose the shared folder...</source>
        <translation>&amp;Choisir le dossier partagé...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="70"/>
        <source>Sync with a PostgreSQL &amp;hub...</source>
        <translation>Synchroniser avec un &amp;serveur central PostgreSQL...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="72"/>
        <source>&amp;Coalition and laptops...</source>
        <translation>C&amp;oalition et ordinateurs...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="108"/>
        <source>Writing the bundle...</source>
        <translation>Écriture du paquet...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="117"/>
        <source>Send changes</source>
        <translation>Envoyer des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="118"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="126"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>Paquets StratPlan (*.stratplan *.bundle);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="125"/>
        <source>Receive changes</source>
        <translation>Recevoir des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="132"/>
        <source>Checking and importing...</source>
        <translation>Vérification et importation...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="146"/>
        <source>Choose the shared folder</source>
        <translation>Choisir le dossier partagé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="173"/>
        <source>Syncing the shared folder...</source>
        <translation>Synchronisation du dossier partagé...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="188"/>
        <source>PostgreSQL hub</source>
        <translation>Serveur central PostgreSQL</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="189"/>
        <source>Hub address (postgresql+psycopg://user:password@host/db):</source>
        <translation>Adresse du serveur central (postgresql+psycopg://utilisateur:motdepasse@hôte/base)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="197"/>
        <source>Syncing with the hub...</source>
        <translation>Synchronisation avec le serveur central...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="112"/>
        <source>Wrote %n changes to {file}.</source>
        <translation>
            <numerusform>%n modification écrite dans {file}.</numerusform>
            <numerusform>%n modifications écrites dans {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="137"/>
        <source>Received %n new changes.</source>
        <translation>
            <numerusform>%n nouvelle modification reçue.</numerusform>
            <numerusform>%n nouvelles modifications reçues.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="178"/>
        <source>Shared folder: {wrote}, {received}.</source>
        <translation>Dossier partagé&#xa0;: {wrote}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="179"/>
        <source>wrote %n changes</source>
        <translation>
            <numerusform>%n modification écrite</numerusform>
            <numerusform>%n modifications écrites</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="180"/>
        <source>received %n new changes</source>
        <translation>
            <numerusform>%n nouvelle modification reçue</numerusform>
            <numerusform>%n nouvelles modifications reçues</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="204"/>
        <source>Hub: {sent}, {received}.</source>
        <translation>Serveur central&#xa0;: {sent}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="205"/>
        <source>sent %n changes</source>
        <translation>
            <numerusform>%n modification envoyée</numerusform>
            <numerusform>%n modifications envoyées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="206"/>
        <source>received %n changes</source>
        <translation>
            <numerusform>%n modification reçue</numerusform>
            <numerusform>%n modifications reçues</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="242"/>
        <source>Join requests (*.request *.json);;All files (*)</source>
        <translation>Demandes d’adhésion (*.request *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="253"/>
        <source>Compare the fingerprint</source>
        <translation>Comparez l’empreinte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="257"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="260"/>
        <source>Admit an organisation</source>
        <translation>Admettre une organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="261"/>
        <source>This request is from a second laptop: its own organisation certifies it.</source>
        <translation>Cette demande vient d’un deuxième ordinateur&#xa0;: c’est sa propre organisation qui le certifie.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="265"/>
        <source>Admit {name} ({code}, {country})?

Ask them to read their key&apos;s fingerprint aloud; it must be:
{fp}</source>
        <translation>Admettre {name} ({code}, {country})&#xa0;?

Demandez-leur de lire à voix haute l’empreinte de leur clé&#xa0;; elle doit être&#xa0;:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="278"/>
        <source>Certify our other laptop</source>
        <translation>Certifier notre autre ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="282"/>
        <source>Certify the laptop &apos;{label}&apos; for your organisation?

Its fingerprint must be:
{fp}</source>
        <translation>Certifier l’ordinateur «&#xa0;{label}&#xa0;» pour votre organisation&#xa0;?

Son empreinte doit être&#xa0;:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="294"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="297"/>
        <source>Revoke a laptop</source>
        <translation>Révoquer un ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="294"/>
        <source>Select a laptop first.</source>
        <translation>Choisissez d’abord un ordinateur.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="298"/>
        <source>Revoke laptop {id}? Changes it makes from now on will be ignored by every laptop; what it made before stays.</source>
        <translation>Révoquer l’ordinateur {id}&#xa0;? Les modifications qu’il fera désormais seront ignorées par tous les ordinateurs&#xa0;; ce qu’il a fait avant est conservé.</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="128"/>
        <source>{source}: {new}, {known}.</source>
        <translation>{source}&#xa0;: {new}, {known}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="129"/>
        <source>%n new changes</source>
        <translation>
            <numerusform>%n nouvelle modification</numerusform>
            <numerusform>%n nouvelles modifications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="130"/>
        <source>%n already here</source>
        <translation>
            <numerusform>%n déjà présente</numerusform>
            <numerusform>%n déjà présentes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="132"/>
        <source>This laptop has joined the coalition.</source>
        <translation>Cet ordinateur a rejoint la coalition.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="134"/>
        <source>%n new proposals</source>
        <translation>
            <numerusform>%n nouvelle proposition</numerusform>
            <numerusform>%n nouvelles propositions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="135"/>
        <source>%n revisions</source>
        <translation>
            <numerusform>%n révision</numerusform>
            <numerusform>%n révisions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="136"/>
        <source>%n ballots</source>
        <translation>
            <numerusform>%n bulletin</numerusform>
            <numerusform>%n bulletins</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="137"/>
        <source>%n comments</source>
        <translation>
            <numerusform>%n commentaire</numerusform>
            <numerusform>%n commentaires</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="138"/>
        <source>%n with conflicts</source>
        <translation>
            <numerusform>%n en conflit</numerusform>
            <numerusform>%n en conflit</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="139"/>
        <source>  {org}: {counts}</source>
        <translation>  {org}&#xa0;: {counts}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="141"/>
        <source>  %n changes wait until their organisation is admitted.</source>
        <translation>
            <numerusform>  %n modification attend que son organisation soit admise.</numerusform>
            <numerusform>  %n modifications attendent que leur organisation soit admise.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="144"/>
        <source>  %n changes wait for earlier changes not received yet.</source>
        <translation>
            <numerusform>  %n modification attend des modifications antérieures pas encore reçues.</numerusform>
            <numerusform>  %n modifications attendent des modifications antérieures pas encore reçues.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="147"/>
        <source>  %n changes from revoked laptops are ignored.</source>
        <translation>
            <numerusform>  %n modification venant d’un ordinateur révoqué est ignorée.</numerusform>
            <numerusform>  %n modifications venant d’ordinateurs révoqués sont ignorées.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="170"/>
        <source>Changes received</source>
        <translation>Modifications reçues</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="174"/>
        <source>Shared folder: {folder}</source>
        <translation>Dossier partagé&#xa0;: {folder}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="175"/>
        <source>Wrote %n changes.</source>
        <translation>
            <numerusform>%n modification écrite.</numerusform>
            <numerusform>%n modifications écrites.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="178"/>
        <source>{file}: still being copied; tried again next time.</source>
        <translation>{file}&#xa0;: copie encore en cours&#xa0;; nouvel essai la prochaine fois.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="180"/>
        <source>{file}: refused: {reason}</source>
        <translation>{file}&#xa0;: refusé&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="182"/>
        <source>Shared folder</source>
        <translation>Dossier partagé</translation>
    </message>
</context>
<context>
    <name>ToolWindow</name>
    <message>
        <location filename="../../stratplan/ui/widgets/window_keys.py" line="12"/>
        <source>Close window</source>
        <translation>Fermer la fenêtre</translation>
    </message>
</context>
<context>
    <name>VotingWindow</name>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="88"/>
        <source>Voting rounds — StratPlan</source>
        <translation>Tours de vote — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="121"/>
        <source>&amp;New round...</source>
        <translation>&amp;Nouveau tour de vote...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="122"/>
        <source>C&amp;lose round</source>
        <translation>C&amp;lore le tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="123"/>
        <source>&amp;Import ballots...</source>
        <translation>&amp;Importer des bulletins...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="124"/>
        <source>E&amp;xport ballots...</source>
        <translation>E&amp;xporter les bulletins...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="125"/>
        <source>Export re&amp;sults...</source>
        <translation>Exporter les ré&amp;sultats...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="136"/>
        <source>&amp;Cast our ballot</source>
        <translation>&amp;Déposer notre bulletin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="161"/>
        <source>Our &amp;ballot</source>
        <translation>Notre &amp;bulletin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="162"/>
        <source>&amp;Results</source>
        <translation>&amp;Résultats</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="163"/>
        <source>Ballots recei&amp;ved</source>
        <translation>Bulletins re&amp;çus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="266"/>
        <source>No voting round yet. Open one with “New round”.</source>
        <translation>Aucun tour de vote pour l’instant. Ouvrez-en un avec «&#xa0;Nouveau tour de vote&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="288"/>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="288"/>
        <source>closed</source>
        <translation>clos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="289"/>
        <source>, closes {date}</source>
        <translation>, clôture le {date}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="290"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — {state}{closes}; {cast} of {total} organisations have voted; threshold {threshold}, quorum {quorum}.</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — {state}{closes}&#xa0;; {cast} organisations sur {total} ont voté&#xa0;; seuil {threshold}, quorum {quorum}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="307"/>
        <source>quorum met: {cast} of {total} voted</source>
        <translation>quorum atteint&#xa0;: {cast} sur {total} ont voté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="308"/>
        <source>quorum not met: {cast} of {total} voted</source>
        <translation>quorum non atteint&#xa0;: {cast} sur {total} ont voté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="311"/>
        <source>adopted</source>
        <translation>adopté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="311"/>
        <source>not adopted</source>
        <translation>non adopté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="313"/>
        <source>{label} — {verdict}: {yes} of {base} {who}, {pct}, threshold {t}, {quorum}</source>
        <translation>{label} — {verdict}&#xa0;: {yes} sur {base} {who}, {pct}, seuil {t}, {quorum}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="316"/>
        <source>organisations that expressed a view</source>
        <translation>organisations ayant exprimé un avis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="317"/>
        <source>organisations in the electorate</source>
        <translation>organisations du corps électoral</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="322"/>
        <source>Order (Schulze): {order}</source>
        <translation>Ordre (Schulze)&#xa0;: {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="323"/>
        <source>Borda, for comparison: {order}</source>
        <translation>Borda, pour comparaison&#xa0;: {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="330"/>
        <source>Order (majority judgment): {order}</source>
        <translation>Ordre (jugement majoritaire)&#xa0;: {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="345"/>
        <source>Why {a} is above {b}: strongest path {path} of strength {s}, against {r} the other way.</source>
        <translation>Pourquoi {a} est au-dessus de {b}&#xa0;: chemin le plus fort {path}, de force {s}, contre {r} dans l’autre sens.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="362"/>
        <source>Your organisation&apos;s ballot was recorded.</source>
        <translation>Le bulletin de votre organisation a été enregistré.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="390"/>
        <source>Import ballots</source>
        <translation>Importer des bulletins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="390"/>
        <location filename="../../stratplan/ui/voting/window.py" line="410"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="399"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Impossible de lire {path}&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="404"/>
        <source>{n} ballots imported.</source>
        <translation>{n} bulletins importés.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="409"/>
        <source>Export ballots</source>
        <translation>Exporter les bulletins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="422"/>
        <location filename="../../stratplan/ui/voting/window.py" line="451"/>
        <source>Cannot write {path}: {why}</source>
        <translation>Impossible d’écrire {path}&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="425"/>
        <source>Ballots written to {path}.</source>
        <translation>Bulletins écrits dans {path}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="431"/>
        <source>Export results</source>
        <translation>Exporter les résultats</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="432"/>
        <source>Word document (*.docx);;CSV files (*.csv)</source>
        <translation>Document Word (*.docx);;Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="454"/>
        <source>Results written to {path}.</source>
        <translation>Résultats écrits dans {path}.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="13"/>
        <source>Welcome to StratPlan</source>
        <translation>Bienvenue dans StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="17"/>
        <source>This store is empty. You can explore StratPlan with a fictional demo coalition (33 organisations from 26 countries), start your own coalition, join one, or open another store.</source>
        <translation>Cette base est vide. Vous pouvez découvrir StratPlan avec une coalition de démonstration fictive (33 organisations de 26 pays), créer votre propre coalition, en rejoindre une ou ouvrir une autre base.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="22"/>
        <source>Load the &amp;demo coalition</source>
        <translation>Charger la coalition de &amp;démonstration</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="23"/>
        <source>Start a &amp;new coalition...</source>
        <translation>Créer une &amp;nouvelle coalition...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="24"/>
        <source>&amp;Join a coalition...</source>
        <translation>&amp;Rejoindre une coalition...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="25"/>
        <source>&amp;Open another store...</source>
        <translation>&amp;Ouvrir une autre base...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="28"/>
        <source>&amp;Receive the reply to your join request...</source>
        <translation>Re&amp;cevoir la réponse à votre demande d’adhésion...</translation>
    </message>
</context>
<context>
    <name>_Job</name>
    <message>
        <location filename="../../stratplan/ui/workers.py" line="38"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>Annulé&#xa0;; rien n’a été modifié.</translation>
    </message>
</context>
</TS>
