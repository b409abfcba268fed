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
    <name>AmendmentDialog</name>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="39"/>
        <source>Propose an amendment</source>
        <translation>Proposer un amendement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="39"/>
        <source>Accept with changes</source>
        <translation>Accepter avec des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="40"/>
        <source>Reject the amendment</source>
        <translation>Rejeter l’amendement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="40"/>
        <source>Combine the competing amendments</source>
        <translation>Combiner les amendements concurrents</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="43"/>
        <source>Replace these lines</source>
        <translation>Remplacer ces lignes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="43"/>
        <source>Insert after them</source>
        <translation>Insérer après elles</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="44"/>
        <source>Delete these lines</source>
        <translation>Supprimer ces lignes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="51"/>
        <source>The passage as it stands</source>
        <translation>Le passage tel qu’il est</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="54"/>
        <source>The new text</source>
        <translation>Le nouveau texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="57"/>
        <source>The reason</source>
        <translation>La raison</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="61"/>
        <source>&amp;Change:</source>
        <translation>&amp;Modification :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="64"/>
        <source>Lines:</source>
        <translation>Lignes :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="65"/>
        <source>Passage:</source>
        <translation>Passage :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="66"/>
        <source>&amp;New text:</source>
        <translation>&amp;Nouveau texte :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="69"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Raison :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="69"/>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Raison (facultative) :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>&amp;Propose</source>
        <translation>&amp;Proposer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>&amp;Accept</source>
        <translation>&amp;Accepter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>Re&amp;ject</source>
        <translation>Re&amp;jeter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="76"/>
        <source>Com&amp;bine</source>
        <translation>Com&amp;biner</translation>
    </message>
</context>
<context>
    <name>AmendmentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="52"/>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="52"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="53"/>
        <source>The text with line numbers</source>
        <translation>Le texte avec les numéros de ligne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="56"/>
        <source>P&amp;ropose an amendment to the selected lines...</source>
        <translation>Propo&amp;ser un amendement aux lignes choisies...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="58"/>
        <source>Amendments to this proposal</source>
        <translation>Amendements à cette proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="60"/>
        <source>The selected amendment, inline</source>
        <translation>L’amendement choisi, dans le texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="62"/>
        <source>&amp;Accept</source>
        <translation>Acc&amp;epter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="63"/>
        <source>Accept &amp;with changes...</source>
        <translation>Accepter a&amp;vec des modifications...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="64"/>
        <source>Re&amp;ject...</source>
        <translation>Re&amp;jeter...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="65"/>
        <source>Choose th&amp;is one</source>
        <translation>Choisir cel&amp;ui-ci</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="66"/>
        <source>Com&amp;bine...</source>
        <translation>Com&amp;biner...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="75"/>
        <source>Te&amp;xt, numbered (select lines to amend them):</source>
        <translation>Te&amp;xte numéroté (sélectionnez des lignes pour les amender) :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="83"/>
        <source>List of amendments:</source>
        <translation>Liste des amendements :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <location filename="../../stratplan/ui/amendments/panel.py" line="268"/>
        <source>accepted</source>
        <translation>accepté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <location filename="../../stratplan/ui/amendments/panel.py" line="269"/>
        <source>rejected</source>
        <translation>rejeté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>set aside</source>
        <translation>écarté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>merged</source>
        <translation>intégré</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>outdated</source>
        <translation>dépassé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="179"/>
        <source>invalid</source>
        <translation>invalide</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="182"/>
        <source>replace</source>
        <translation>remplacer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="182"/>
        <source>insert</source>
        <translation>insérer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="183"/>
        <source>delete</source>
        <translation>supprimer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="188"/>
        <source>after {line}</source>
        <translation>après {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="195"/>
        <source>after line {line}</source>
        <translation>après la ligne {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="197"/>
        <source>line {line}</source>
        <translation>la ligne {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="198"/>
        <source>lines {first}–{last}</source>
        <translation>les lignes {first} à {last}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="208"/>
        <source>{state}, competing</source>
        <translation>{state}, en concurrence</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="223"/>
        <source>No amendment yet: select lines of the text and propose one.</source>
        <translation>Aucun amendement pour l’instant : sélectionnez des lignes du texte et proposez-en un.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="227"/>
        <source>Reason:</source>
        <translation>Raison :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="228"/>
        <source>Replace {where}, by {org} ({author})</source>
        <translation>Remplacer {where}, par {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="229"/>
        <source>Insert {where}, by {org} ({author})</source>
        <translation>Insérer {where}, par {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="230"/>
        <source>Delete {where}, by {org} ({author})</source>
        <translation>Supprimer {where}, par {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="237"/>
        <source>{org} ({author}): {decision}</source>
        <translation>{org} ({author}) : {decision}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="242"/>
        <source>(does not count: only the proposal&apos;s organisations or its working group&apos;s coordinator may decide)</source>
        <translation>(ne compte pas : seules les organisations de la proposition ou la responsable de son groupe de travail peuvent décider)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="247"/>
        <source>Other amendments change the same lines ({ids}): once this one is accepted and merged, they no longer fit the text and are shown as outdated.</source>
        <translation>D’autres amendements modifient les mêmes lignes ({ids}) : une fois celui-ci accepté et intégré, ils ne correspondent plus au texte et apparaissent comme dépassés.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="252"/>
        <source>Outdated: the passage it changes has changed since it was proposed. Propose it again on the current text if it still applies.</source>
        <translation>Dépassé : le passage qu’il modifie a changé depuis qu’il a été proposé. Proposez-le à nouveau sur le texte actuel s’il s’applique encore.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="257"/>
        <source>{count} accepted amendments change lines {lines}: choose one, or combine them.</source>
        <translation>{count} amendements acceptés modifient les lignes {lines} : choisissez-en un ou combinez-les.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="268"/>
        <source>accepted with changes</source>
        <translation>accepté avec des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="269"/>
        <source>set aside for another</source>
        <translation>écarté au profit d’un autre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="281"/>
        <source>Only the proposal&apos;s organisations or its working group&apos;s coordinator may decide on its amendments.</source>
        <translation>Seules les organisations de la proposition ou la responsable de son groupe de travail peuvent décider de ses amendements.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="318"/>
        <source>Amendment proposed: {where}.</source>
        <translation>Amendement proposé : {where}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="350"/>
        <source>Decision recorded.</source>
        <translation>Décision enregistrée.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="352"/>
        <source>%n amendments merged into a new revision of the text.</source>
        <translation>
            <numerusform>%n amendement intégré dans une nouvelle révision du texte.</numerusform>
            <numerusform>%n amendements intégrés dans une nouvelle révision du texte.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="354"/>
        <source>%n passages have competing amendments: choose one or combine them.</source>
        <translation>
            <numerusform>%n passage a des amendements concurrents : choisissez-en un ou combinez-les.</numerusform>
            <numerusform>%n passages ont des amendements concurrents : choisissez-en un ou combinez-les.</numerusform>
        </translation>
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
        <location filename="../../stratplan/app.py" line="138"/>
        <source>Join a coalition</source>
        <translation>Rejoindre une coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="139"/>
        <source>Saved {file}. Send it to the convener and read them your organisation&apos;s key fingerprint aloud: {fp}

When their reply arrives, start StratPlan again and choose &apos;Receive the reply&apos;.</source>
        <translation>{file} est enregistré. Envoyez-le à l’organisation coordinatrice et lisez-lui à voix haute l’empreinte de la clé de votre organisation : {fp}

Quand sa réponse arrive, relancez StratPlan et choisissez « Recevoir la réponse ».</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="150"/>
        <source>Receive the reply</source>
        <translation>Recevoir la réponse</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="151"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>Paquets StratPlan (*.stratplan *.bundle);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>ApprovalResultModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Support</source>
        <translation>Soutien</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="54"/>
        <source>Abstain</source>
        <translation>Abstention</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="60"/>
        <source>✓ Adopted</source>
        <translation>✓ Adopté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="60"/>
        <source>✗ Not adopted</source>
        <translation>✗ Non adopté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="68"/>
        <source>Not adopted: the quorum is not met, so no point is adopted.</source>
        <translation>Non adopté&#xa0;: le quorum n’est pas atteint, aucun point n’est donc adopté.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="70"/>
        <source>Support {pct} reaches the threshold {threshold}.</source>
        <translation>Le soutien de {pct} atteint le seuil de {threshold}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="71"/>
        <source>Support {pct} is below the threshold {threshold}.</source>
        <translation>Le soutien de {pct} reste sous le seuil de {threshold}.</translation>
    </message>
</context>
<context>
    <name>BallotForm</name>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="34"/>
        <source>Your ballot: one choice per point</source>
        <translation>Votre bulletin&#xa0;: un choix par point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>Abstain</source>
        <translation>Abstention</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>Yes, it fits our organisation</source>
        <translation>Oui, il convient à notre organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="45"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="48"/>
        <source>Blank</source>
        <translation>Blanc</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="50"/>
        <source>Not ranked</source>
        <translation>Non classé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="55"/>
        <source>For each point: does it fit your organisation?</source>
        <translation>Pour chaque point&#xa0;: convient-il à votre organisation&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="56"/>
        <source>Give each point a place: 1 is your first choice; equal places are ties; points left unranked share the last place.</source>
        <translation>Donnez un rang à chaque point&#xa0;: 1 est votre premier choix&#xa0;; des rangs égaux sont des ex æquo&#xa0;; les points non classés partagent la dernière place.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="58"/>
        <source>Grade each point from 0 (poor) to 5 (excellent), or leave it blank.</source>
        <translation>Notez chaque point de 0 (insuffisant) à 5 (excellent), ou laissez-le en blanc.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="60"/>
        <source>The round is closed: this is the ballot your organisation cast, if any.</source>
        <translation>Le tour de vote est clos&#xa0;: voici le bulletin déposé par votre organisation, s’il y en a un.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="62"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="62"/>
        <source>Your choice</source>
        <translation>Votre choix</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="70"/>
        <source>Your choice for P{n} {title}</source>
        <translation>Votre choix pour P{n} {title}</translation>
    </message>
</context>
<context>
    <name>BallotImportDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="60"/>
        <source>Import ballots: preview</source>
        <translation>Importer des bulletins&#xa0;: aperçu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="61"/>
        <source>&lt;b&gt;{file}&lt;/b&gt;: ballots for the round “{title}”</source>
        <translation>&lt;b&gt;{file}&lt;/b&gt;&#xa0;: bulletins du tour de vote «&#xa0;{title}&#xa0;»</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="68"/>
        <source>Rows of the ballot sheet and what importing each does</source>
        <translation>Lignes de la feuille de bulletins et effet de l’import de chacune</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>What happens</source>
        <translation>Effet</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="70"/>
        <source>Ballot</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="88"/>
        <source>Nothing is written until you press Record. Refused and empty rows are left out: correct the sheet and import it again to add them. The ballots are entered on each organisation&apos;s behalf and signed by this laptop.</source>
        <translation>Rien n’est écrit tant que vous n’appuyez pas sur «&#xa0;Enregistrer&#xa0;». Les lignes refusées et vides sont laissées de côté&#xa0;: corrigez la feuille et importez-la de nouveau pour les ajouter. Les bulletins sont saisis au nom de chaque organisation et signés par cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="95"/>
        <source>&amp;Record the ballots ({n})</source>
        <translation>&amp;Enregistrer les bulletins ({n})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="98"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="113"/>
        <source>New ballots to record: {n}.</source>
        <translation>Nouveaux bulletins à enregistrer&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="114"/>
        <source>Ballots that replace one recorded earlier: {n}.</source>
        <translation>Bulletins qui remplacent un bulletin enregistré plus tôt&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="115"/>
        <source>Rows that repeat a ballot already recorded (nothing changes): {n}.</source>
        <translation>Lignes qui répètent un bulletin déjà enregistré (rien ne change)&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="116"/>
        <source>Rows left empty (no ballot): {n}.</source>
        <translation>Lignes laissées vides (pas de bulletin)&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="117"/>
        <source>Rows refused: {n}.</source>
        <translation>Lignes refusées&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="126"/>
        <source>✓ Will be recorded</source>
        <translation>✓ Sera enregistré</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="128"/>
        <source>↻ Replaces the ballot recorded earlier</source>
        <translation>↻ Remplace le bulletin enregistré plus tôt</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="130"/>
        <source>= Same as the ballot already recorded</source>
        <translation>= Identique au bulletin déjà enregistré</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="132"/>
        <source>— Left empty: no ballot</source>
        <translation>— Vide&#xa0;: pas de bulletin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="134"/>
        <source>✗ Refused: {reason}</source>
        <translation>✗ Refusée&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>BallotTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>Entered by</source>
        <translation>Saisi par</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="146"/>
        <source>refused: {why}</source>
        <translation>refusé&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="148"/>
        <source>late (after the close), not counted</source>
        <translation>hors délai (après la clôture), non compté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="150"/>
        <source>counted</source>
        <translation>compté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="152"/>
        <source>current ballot</source>
        <translation>bulletin en vigueur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="154"/>
        <source>replaced by a later ballot</source>
        <translation>remplacé par un bulletin ultérieur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="156"/>
        <source>two laptops of this organisation voted differently</source>
        <translation>deux ordinateurs de cette organisation ont voté différemment</translation>
    </message>
</context>
<context>
    <name>BallotText</name>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="37"/>
        <source>nothing ranked</source>
        <translation>rien de classé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="39"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="40"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="41"/>
        <source>abstain</source>
        <translation>abstention</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="42"/>
        <source>blank</source>
        <translation>blanc</translation>
    </message>
</context>
<context>
    <name>ByPointPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Adopted</source>
        <translation>Adopté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Adapted</source>
        <translation>Adapté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Set aside</source>
        <translation>Écarté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="78"/>
        <source>Programme points and their progress</source>
        <translation>Points du programme et leur avancement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Indicator</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Members reporting</source>
        <translation>Membres ayant rendu compte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="81"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="81"/>
        <source>Values</source>
        <translation>Valeurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="82"/>
        <source>Indicators of the selected point</source>
        <translation>Indicateurs du point choisi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="97"/>
        <source>Programme po&amp;ints (status counts for the period):</source>
        <translation>Points du pro&amp;gramme (nombre de rapports par statut pour la période) :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="102"/>
        <source>Indicators of the selected point, this period:</source>
        <translation>Indicateurs du point choisi, pour cette période :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="142"/>
        <source>units differ</source>
        <translation>unités différentes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="147"/>
        <source>By country: {countries}</source>
        <translation>Par pays : {countries}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="149"/>
        <source>No reports on this point this period.</source>
        <translation>Aucun rapport sur ce point pour cette période.</translation>
    </message>
</context>
<context>
    <name>ChartPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="248"/>
        <source>Chart: reports by status, per period</source>
        <translation>Graphique : rapports par statut, par période</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="251"/>
        <source>Chart: reports by status, per point</source>
        <translation>Graphique : rapports par statut, par point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="295"/>
        <source>Reports by status, per period</source>
        <translation>Rapports par statut, par période</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="295"/>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="298"/>
        <source>reports</source>
        <translation>rapports</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="297"/>
        <source>Reports by status, per point: {period}</source>
        <translation>Rapports par statut, par point : {period}</translation>
    </message>
</context>
<context>
    <name>CloseRoundDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="29"/>
        <source>Close the round</source>
        <translation>Clore le tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="30"/>
        <source>&lt;b&gt;Close “{title}”?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Clore «&#xa0;{title}&#xa0;»&#xa0;?&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="36"/>
        <source>Organisations that voted</source>
        <translation>Organisations qui ont voté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="38"/>
        <source>Organisations that did not vote</source>
        <translation>Organisations qui n’ont pas voté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="39"/>
        <source>&amp;Voted ({n}):</source>
        <translation>&amp;Ont voté ({n})&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="41"/>
        <source>&amp;Did not vote ({n}):</source>
        <translation>&amp;N’ont pas voté ({n})&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="49"/>
        <source>Closing is final: no ballot can be cast or changed afterwards, and the result is counted from the ballots of the organisations listed as having voted.</source>
        <translation>La clôture est définitive&#xa0;: aucun bulletin ne peut plus être déposé ni modifié ensuite, et le résultat est compté à partir des bulletins des organisations indiquées comme ayant voté.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="52"/>
        <source>The points that reach the threshold become adopted.</source>
        <translation>Les points qui atteignent le seuil deviennent adoptés.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="57"/>
        <source>C&amp;lose the round</source>
        <translation>C&amp;lore le tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="59"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="83"/>
        <source>entered on its behalf</source>
        <translation>saisi en son nom</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="85"/>
        <source>two laptops voted differently; the later ballot counts</source>
        <translation>deux ordinateurs ont voté différemment&#xa0;; le bulletin le plus récent compte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="87"/>
        <source>by delegation, through {org}</source>
        <translation>par délégation, par {org}</translation>
    </message>
</context>
<context>
    <name>CoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="25"/>
        <source>Organisations and people</source>
        <translation>Organisations et personnes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="28"/>
        <source>Director</source>
        <translation>Directeur·rice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="28"/>
        <source>Facilitator</source>
        <translation>Facilitateur·rice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="29"/>
        <source>Convener</source>
        <translation>Coordinateur·rice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="29"/>
        <source>Member</source>
        <translation>Membre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Person</source>
        <translation>Personne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>CommentListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="127"/>
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
        <location filename="../../stratplan/ui/consolidation/window.py" line="71"/>
        <source>Consolidation — StratPlan</source>
        <translation>Consolidation — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="76"/>
        <source>&amp;Find overlaps</source>
        <translation>T&amp;rouver les recoupements</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="80"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="84"/>
        <source>&amp;Not a duplicate</source>
        <translation>&amp;Pas un doublon</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="85"/>
        <source>&amp;Related, keep both</source>
        <translation>Liés, gar&amp;der les deux</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="90"/>
        <source>The surviving point</source>
        <translation>Le point conservé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="91"/>
        <source>The point compared with it</source>
        <translation>Le point comparé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="93"/>
        <source>Remove the &amp;link</source>
        <translation>Supprimer le lie&amp;n</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="95"/>
        <source>&amp;Use the source&apos;s value for this field</source>
        <translation>Utilis&amp;er la valeur de la source pour ce champ</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="97"/>
        <source>&amp;Merge the others into the target</source>
        <translation>&amp;Fusionner les autres dans la cible</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="99"/>
        <source>Merges made</source>
        <translation>Fusions effectuées</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="100"/>
        <source>&amp;Undo the selected merge</source>
        <translation>&amp;Annuler la fusion choisie</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="103"/>
        <source>No possible duplicates or overlaps here: every plan point in this scope reads differently from the others.</source>
        <translation>Aucun doublon ni recoupement possible ici : chaque point du plan de ce périmètre se distingue des autres.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="111"/>
        <source>Undo &amp;this merge</source>
        <translation>Annuler cet&amp;te fusion</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="126"/>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="126"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="127"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="127"/>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Resources / budget</source>
        <translation>Ressources / budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="134"/>
        <source>Look in:</source>
        <translation>Chercher dans&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="138"/>
        <source>Fewer</source>
        <translation>Moins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="140"/>
        <source>More suggestions</source>
        <translation>Plus de suggestions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="153"/>
        <source>Possible duplicates and overlaps, most similar first:</source>
        <translation>Doublons et recoupements possibles, les plus proches d’abord&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="156"/>
        <source>How alike each pair in this group is:</source>
        <translation>Ressemblance de chaque paire de ce groupe&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="162"/>
        <source>Surviving point:</source>
        <translation>Point conservé&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="164"/>
        <source>Compare with:</source>
        <translation>Comparer avec&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="177"/>
        <source>Related to the surviving point:</source>
        <translation>Liés au point conservé&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="183"/>
        <source>Shared passages are highlighted.</source>
        <translation>Les passages communs sont surlignés.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="187"/>
        <source>The combined point (edit before merging):</source>
        <translation>Le point combiné (à retoucher avant la fusion)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="199"/>
        <source>&amp;Suggestions</source>
        <translation>Su&amp;ggestions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="200"/>
        <source>M&amp;erges</source>
        <translation>Fusi&amp;ons</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="201"/>
        <source>Re&amp;viewed</source>
        <translation>E&amp;xaminés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="206"/>
        <source>These points say different things: never suggest them together again, on any laptop of the coalition.</source>
        <translation>Ces points disent des choses différentes&#xa0;: ne plus jamais les suggérer ensemble, sur aucun ordinateur de la coalition.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="208"/>
        <source>These points are related but stay separate: link them (the link shows on each point) and stop suggesting them together.</source>
        <translation>Ces points sont liés mais restent distincts&#xa0;: les relier (le lien s’affiche sur chacun) et ne plus les suggérer ensemble.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="217"/>
        <source>Finding was cancelled; the suggestions are as they were.</source>
        <translation>Recherche annulée&#xa0;; les suggestions sont restées telles quelles.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="243"/>
        <source>The whole coalition</source>
        <translation>Toute la coalition</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="310"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 et %n autre</numerusform>
            <numerusform>%1 et %n autres</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="315"/>
        <source>{sources} → {target} ({org}, {state})</source>
        <translation>{sources} → {target} ({org}, {state})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="317"/>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="317"/>
        <source>undone</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="326"/>
        <source>duplicate</source>
        <translation>doublon</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="326"/>
        <source>overlap</source>
        <translation>recoupement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="355"/>
        <source>{title} (linked by {org})</source>
        <translation>{title} (lien posé par {org})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="381"/>
        <source>Looking for possible duplicates and overlaps...</source>
        <translation>Recherche de doublons et de recoupements possibles...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="469"/>
        <source>“{title}” now holds the merged text; the other points are marked as merged into it. Nothing is lost: the merge can be undone.</source>
        <translation>« {title} » contient maintenant le texte fusionné ; les autres points sont marqués comme fusionnés dans celui-ci. Rien n’est perdu : la fusion peut être annulée.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="474"/>
        <source>Merged %n proposals into “{title}”.</source>
        <translation>
            <numerusform>%n proposition fusionnée dans «&#xa0;{title}&#xa0;».</numerusform>
            <numerusform>%n propositions fusionnées dans «&#xa0;{title}&#xa0;».</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="75"/>
        <source>Sensitivity</source>
        <translation>Sensibilité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="87"/>
        <source>Suggest groups whose points are at least {percent}% alike (default {default}%).</source>
        <translation>Suggérer les groupes dont les points se ressemblent à {percent}&#xa0;% au moins (par défaut {default}&#xa0;%).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="111"/>
        <source>Not a duplicate: %n points will not be suggested together again.</source>
        <translation>
            <numerusform>Pas un doublon&#xa0;: %n point ne sera plus suggéré avec les autres.</numerusform>
            <numerusform>Pas un doublon&#xa0;: %n points ne seront plus suggérés ensemble.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="128"/>
        <source>Linked %n points as related; each keeps its own text.</source>
        <translation>
            <numerusform>%n point relié comme lié&#xa0;; chacun garde son propre texte.</numerusform>
            <numerusform>%n points reliés comme liés&#xa0;; chacun garde son propre texte.</numerusform>
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
    <name>DelegateQuestion</name>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="57"/>
        <source>Give our vote</source>
        <translation>Donner notre voix</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="58"/>
        <source>The organisation that votes for us in this round (until we withdraw it or vote ourselves):</source>
        <translation>L&apos;organisation qui vote pour nous dans ce vote (jusqu&apos;à ce que nous reprenions notre voix ou votions nous-mêmes) :</translation>
    </message>
</context>
<context>
    <name>EmptyBallotQuestion</name>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="34"/>
        <source>Empty ballot</source>
        <translation>Bulletin vide</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="35"/>
        <source>Nothing is chosen on this ballot. Record an empty ballot (an abstention)?</source>
        <translation>Rien n’est choisi sur ce bulletin. Enregistrer un bulletin vide (une abstention)&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="38"/>
        <source>It counts towards the quorum, but for or against no point. You can change your ballot while the round is open.</source>
        <translation>Il compte pour le quorum, mais ni pour ni contre aucun point. Vous pouvez modifier votre bulletin tant que le tour de vote est ouvert.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="41"/>
        <source>&amp;Record the abstention</source>
        <translation>&amp;Enregistrer l’abstention</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="43"/>
        <source>&amp;Go back to the ballot</source>
        <translation>&amp;Revenir au bulletin</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="24"/>
        <location filename="../../stratplan/ui/errors.py" line="56"/>
        <source>StratPlan</source>
        <translation>StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="53"/>
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
        <location filename="../../stratplan/ui/programme/exporting.py" line="326"/>
        <source>Writing {name}...</source>
        <translation>Écriture de {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="344"/>
        <source>Saved {name} in {folder}</source>
        <translation>{name} enregistré dans {folder}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="353"/>
        <source>OpenDocument (*.odt), needs LibreOffice (not installed)</source>
        <translation>OpenDocument (*.odt), nécessite LibreOffice (non installé)</translation>
    </message>
</context>
<context>
    <name>GapsPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="348"/>
        <source>Points nobody is working on</source>
        <translation>Points sur lesquels personne ne travaille</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="350"/>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="351"/>
        <source>Overdue reports</source>
        <translation>Rapports en retard</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="369"/>
        <source>Points &amp;nobody is working on in this period (%n):</source>
        <translation>
            <numerusform>Points sur lesquels perso&amp;nne ne travaille dans cette période (%n) :</numerusform>
            <numerusform>Points sur lesquels perso&amp;nne ne travaille dans cette période (%n) :</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="372"/>
        <source>Reports &amp;overdue (%n):</source>
        <translation>
            <numerusform>Rapports en ret&amp;ard (%n) :</numerusform>
            <numerusform>Rapports en ret&amp;ard (%n) :</numerusform>
        </translation>
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
        <location filename="../../stratplan/ui/group_actions.py" line="43"/>
        <source>Ro&amp;les...</source>
        <translation>Rô&amp;les...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="45"/>
        <source>&amp;New working group...</source>
        <translation>&amp;Nouveau groupe de travail...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="46"/>
        <source>&amp;Rename working group...</source>
        <translation>&amp;Renommer le groupe de travail...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="47"/>
        <source>&amp;Members...</source>
        <translation>&amp;Membres...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="48"/>
        <source>&amp;Archive working group</source>
        <translation>&amp;Archiver le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="66"/>
        <source>New working group</source>
        <translation>Nouveau groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="68"/>
        <source>New working group</source>
        <comment>undo</comment>
        <translation>Nouveau groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="79"/>
        <source>Select a working group in the list first.</source>
        <translation>Choisissez d’abord un groupe de travail dans la liste.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="88"/>
        <source>Rename working group</source>
        <translation>Renommer le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="92"/>
        <source>Rename working group</source>
        <comment>undo</comment>
        <translation>Renommer le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="100"/>
        <source>Archive working group</source>
        <translation>Archiver le groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="101"/>
        <source>Working group archived: {name}</source>
        <translation>Groupe de travail archivé&#xa0;: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="112"/>
        <source>Change group members</source>
        <translation>Modifier les membres du groupe</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/group_actions.py" line="114"/>
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
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="38"/>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="39"/>
        <source>&amp;Description</source>
        <translation>&amp;Description</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="74"/>
        <source>All proposals</source>
        <translation>Toutes les propositions</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="95"/>
        <source>StratPlan user guide</source>
        <translation>Guide de StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="97"/>
        <source>User guide</source>
        <translation>Guide de l’utilisateur</translation>
    </message>
</context>
<context>
    <name>HelpShortcuts</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="77"/>
        <source>Tool windows</source>
        <translation>Fenêtres d’outils</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="78"/>
        <source>Programme sections and points</source>
        <translation>Sections et points du programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="79"/>
        <source>Lists and tables</source>
        <translation>Listes et tableaux</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="81"/>
        <source>Close the window</source>
        <translation>Fermer la fenêtre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="82"/>
        <source>Move the selected section or point up / down</source>
        <translation>Monter / descendre la section ou le point sélectionné</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="83"/>
        <source>Move between cells</source>
        <translation>Passer d’une cellule à l’autre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="83"/>
        <source>Arrow keys</source>
        <translation>Touches fléchées</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="84"/>
        <source>Go to the next field</source>
        <translation>Aller au champ suivant</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="85"/>
        <source>Everywhere</source>
        <translation>Partout</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="85"/>
        <source>Open a menu or press a button</source>
        <translation>Ouvrir un menu ou appuyer sur un bouton</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="86"/>
        <source>Alt + the underlined letter</source>
        <translation>Alt + la lettre soulignée</translation>
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
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="28"/>
        <source>Import proposals from {name}</source>
        <translation>Importer des propositions depuis {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="33"/>
        <source>(possible duplicate of “{title}”)</source>
        <translation>(doublon possible de «&#xa0;{title}&#xa0;»)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="45"/>
        <source>Nothing was skipped.</source>
        <translation>Rien n’a été écarté.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="48"/>
        <source>Points found</source>
        <translation>Points trouvés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="49"/>
        <source>Skipped</source>
        <translation>Écartés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="50"/>
        <source>Working group</source>
        <translation>Groupe de travail</translation>
    </message>
</context>
<context>
    <name>IndicatorChart</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="184"/>
        <source>Chart: the selected indicator over the periods</source>
        <translation>Graphique : l’indicateur choisi au fil des périodes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="211"/>
        <source>No indicator to chart for this point.</source>
        <translation>Aucun indicateur à représenter pour ce point.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="214"/>
        <source>Coalition mean</source>
        <translation>Moyenne de la coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="216"/>
        <source>Our value ({code})</source>
        <translation>Notre valeur ({code})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="219"/>
        <source>target</source>
        <translation>cible</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="221"/>
        <source>{indicator}, coalition mean per period: {values}; target {target}</source>
        <translation>{indicator}, moyenne de la coalition par période : {values} ; cible {target}</translation>
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
        <location filename="../../stratplan/ui/programme/layout_page.py" line="88"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="108"/>
        <source>Sections and points</source>
        <translation>Sections et points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="93"/>
        <source>Add &amp;section...</source>
        <translation>Ajouter une &amp;section...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="94"/>
        <source>Rena&amp;me section...</source>
        <translation>Reno&amp;mmer la section...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="95"/>
        <source>Remove from programme</source>
        <translation>Retirer du programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="96"/>
        <source>← Pl&amp;ace in selected section</source>
        <translation>← Pl&amp;acer dans la section choisie</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="97"/>
        <source>Save &amp;order</source>
        <translation>Enregistrer l’&amp;ordre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="99"/>
        <source>Move &amp;up</source>
        <translation>Monter (&amp;U)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="100"/>
        <source>Move &amp;down</source>
        <translation>&amp;Descendre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="101"/>
        <source>Move the selected section or point up (Ctrl+Up)</source>
        <translation>Monter la section ou le point sélectionné (Ctrl+Haut)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="102"/>
        <source>Move the selected section or point down (Ctrl+Down)</source>
        <translation>Descendre la section ou le point sélectionné (Ctrl+Bas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="103"/>
        <source>Create &amp;release...</source>
        <translation>Publier une &amp;version...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="107"/>
        <source>What changed between the two releases</source>
        <translation>Ce qui a changé entre les deux versions publiées</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="120"/>
        <source>Adopted points not yet placed (in ranking order):</source>
        <translation>Points adoptés pas encore placés (dans l’ordre du classement)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="124"/>
        <source>Releases (select two to compare):</source>
        <translation>Versions publiées (en choisir deux pour les comparer)&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/layout_page.py" line="211"/>
        <source>{name} — {date}, %n points</source>
        <translation>
            <numerusform>{name} — {date}, %n point</numerusform>
            <numerusform>{name} — {date}, %n points</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="266"/>
        <source>Add section</source>
        <translation>Ajouter une section</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="266"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="278"/>
        <source>Strategic area:</source>
        <translation>Axe stratégique&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="275"/>
        <source>Select a section in the tree first.</source>
        <translation>Choisissez d’abord une section dans l’arborescence.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="278"/>
        <source>Rename section</source>
        <translation>Renommer la section</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="324"/>
        <source>Strategic area 1</source>
        <translation>Axe stratégique 1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="357"/>
        <source>Select two releases to see what changed between them.</source>
        <translation>Choisissez deux versions publiées pour voir ce qui a changé entre elles.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="368"/>
        <source>section {n} renamed: “{old}” → “{new}”</source>
        <translation>section {n} renommée : « {old} » → « {new} »</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="370"/>
        <source>section added: {n} {title}</source>
        <translation>section ajoutée : {n} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="372"/>
        <source>section removed: {n} {title}</source>
        <translation>section supprimée : {n} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>added</source>
        <translation>ajouté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>changed</source>
        <translation>modifié</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="374"/>
        <source>moved</source>
        <translation>déplacé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>title</source>
        <translation>titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>summary</source>
        <translation>résumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>text</source>
        <translation>texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="386"/>
        <source>objective</source>
        <translation>objectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="386"/>
        <source>actions</source>
        <translation>actions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="387"/>
        <source>indicators</source>
        <translation>indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="387"/>
        <source>responsible</source>
        <translation>responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>start</source>
        <translation>début</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>end</source>
        <translation>fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>resources</source>
        <translation>ressources</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="389"/>
        <source>level</source>
        <translation>niveau</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="389"/>
        <source>tags</source>
        <translation>mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="364"/>
        <source>No changes.</source>
        <translation>Aucun changement.</translation>
    </message>
</context>
<context>
    <name>LocalPlanPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="75"/>
        <source>&amp;Start a local plan from a release...</source>
        <translation>&amp;Commencer un plan local à partir d’une version publiée...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="76"/>
        <source>Follow a ne&amp;wer release...</source>
        <translation>Suivre une version plus &amp;récente...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>Our decision</source>
        <translation>Notre décision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="85"/>
        <source>Points of the local plan</source>
        <translation>Points du plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="91"/>
        <source>&amp;Accept the programme&apos;s change</source>
        <translation>&amp;Accepter la modification du programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="92"/>
        <source>&amp;Keep our version</source>
        <translation>&amp;Garder notre version</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="93"/>
        <source>Adopt as is</source>
        <translation>Adopter tel quel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="94"/>
        <source>Adapt</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="95"/>
        <source>Not applicable here</source>
        <translation>Sans objet ici</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="106"/>
        <source>One per line: indicator; baseline; target; unit</source>
        <translation>Un par ligne&#xa0;: indicateur&#xa0;; valeur de départ&#xa0;; cible&#xa0;; unité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="108"/>
        <source>Save &amp;decision</source>
        <translation>Enregistrer la &amp;décision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="109"/>
        <source>Add a local po&amp;int...</source>
        <translation>Ajouter un po&amp;int local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="117"/>
        <source>Local plan:</source>
        <translation>Plan local&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="131"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="132"/>
        <source>Local text</source>
        <translation>Texte local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="133"/>
        <source>Local actions</source>
        <translation>Actions locales</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="134"/>
        <source>Responsible person</source>
        <translation>Personne responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="135"/>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="136"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="137"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="138"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="139"/>
        <source>Reason (if not applicable)</source>
        <translation>Motif (si sans objet)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="147"/>
        <source>The programme&apos;s text:</source>
        <translation>Le texte du programme&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="204"/>
        <source>adopt as is</source>
        <translation>adopter tel quel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="204"/>
        <source>adapt</source>
        <translation>adapter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="205"/>
        <source>not applicable here</source>
        <translation>sans objet ici</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="208"/>
        <source>local point</source>
        <translation>point local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="280"/>
        <source>The programme changed this point after you decided ({fields}). Accept the new text, or keep your version.</source>
        <translation>Le programme a modifié ce point après votre décision ({fields}). Acceptez le nouveau texte ou gardez votre version.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="343"/>
        <source>There is no release yet: create one on the “Unified programme” page first.</source>
        <translation>Il n’y a pas encore de version publiée&#xa0;: publiez-en d’abord une sur la page «&#xa0;Programme commun&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="348"/>
        <source>Start a local plan</source>
        <translation>Commencer un plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="362"/>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="372"/>
        <source>Start a local plan first.</source>
        <translation>Commencez d’abord un plan local.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="364"/>
        <source>Follow a newer release</source>
        <translation>Suivre une version plus récente</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="375"/>
        <source>Add a local point</source>
        <translation>Ajouter un point local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="375"/>
        <source>Title:</source>
        <translation>Titre&#xa0;:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="152"/>
        <source>Filter: title, summary, text, tags, author, organisation</source>
        <translation>Filtrer&#xa0;: titre, résumé, texte, mots-clés, auteur, organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="154"/>
        <source>Filter the plan points</source>
        <translation>Filtrer les points du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="158"/>
        <source>Plan points</source>
        <translation>Points du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="196"/>
        <source>Sa&amp;ve</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="198"/>
        <source>Discard cha&amp;nges</source>
        <translation>Abandonner les &amp;modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="213"/>
        <source>E&amp;dit</source>
        <translation>Rédactio&amp;n</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="214"/>
        <source>Histor&amp;y</source>
        <translation>&amp;Historique</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="215"/>
        <source>&amp;Comments</source>
        <translation>&amp;Commentaires</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="216"/>
        <source>Amendments</source>
        <translation>Amendements</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="229"/>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="229"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="230"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="230"/>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>Resources / budget</source>
        <translation>Ressources / budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="233"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="241"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="242"/>
        <source>&amp;New store...</source>
        <translation>&amp;Nouvelle base...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="243"/>
        <source>&amp;Open store...</source>
        <translation>&amp;Ouvrir une base...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="244"/>
        <source>Open &amp;recent</source>
        <translation>Bases &amp;récentes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="248"/>
        <source>&amp;Import proposals (Word, Markdown)...</source>
        <translation>&amp;Importer des propositions (Word, Markdown)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="250"/>
        <source>Se&amp;ttings...</source>
        <translation>&amp;Paramètres...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="253"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="254"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="255"/>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="257"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="267"/>
        <source>&amp;New plan point</source>
        <translation>&amp;Nouveau point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="269"/>
        <source>&amp;Save plan point</source>
        <translation>&amp;Enregistrer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="271"/>
        <source>&amp;Delete plan point</source>
        <translation>&amp;Supprimer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="276"/>
        <source>&amp;Find...</source>
        <translation>Rec&amp;hercher...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="277"/>
        <source>&amp;Conflicts...</source>
        <translation>&amp;Conflits...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="278"/>
        <source>Sp&amp;lit plan point...</source>
        <translation>&amp;Diviser le point du plan...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="279"/>
        <source>Re&amp;tire plan point...</source>
        <translation>C&amp;lore le point du plan...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="280"/>
        <source>&amp;Groups</source>
        <translation>&amp;Groupes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="282"/>
        <source>&amp;Programme</source>
        <translation>&amp;Programme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="283"/>
        <source>Voting &amp;rounds...</source>
        <translation>&amp;Tours de vote...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="284"/>
        <source>&amp;Programme and local plan...</source>
        <translation>&amp;Programme et plan local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="285"/>
        <source>Pro&amp;gress reports...</source>
        <translation>&amp;Rapports d&apos;avancement...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="286"/>
        <source>Peer-to-peer &amp;training...</source>
        <translation>&amp;Formation entre pairs...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="287"/>
        <source>&amp;Consolidation (overlaps and merges)...</source>
        <translation>&amp;Consolidation (recoupements et fusions)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="289"/>
        <source>&amp;Sharing</source>
        <translation>Pa&amp;rtage</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="291"/>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="292"/>
        <source>&amp;Rebuild views from the log</source>
        <translation>&amp;Reconstruire les vues à partir du journal</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="293"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="294"/>
        <source>&amp;User guide</source>
        <translation>&amp;Guide de l’utilisateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="295"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="297"/>
        <source>&amp;About StratPlan</source>
        <translation>À &amp;propos de StratPlan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="499"/>
        <source>{shown} of %n plan points</source>
        <translation>
            <numerusform>{shown} sur %n point du plan</numerusform>
            <numerusform>{shown} sur %n points du plan</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="563"/>
        <source>Related points (linked in Consolidation, not merged): {titles}.</source>
        <translation>Points liés (reliés dans Consolidation, non fusionnés)&#xa0;: {titles}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="716"/>
        <source>Rebuilt the views from %n operations.</source>
        <translation>
            <numerusform>Vues reconstruites à partir de %n opération.</numerusform>
            <numerusform>Vues reconstruites à partir de %n opérations.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="557"/>
        <source>Merged from other proposals; co-authors: {names}.</source>
        <translation>Issu de la fusion d’autres propositions&#xa0;; coauteurs&#xa0;: {names}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="150"/>
        <source>Working groups</source>
        <translation>Groupes de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="560"/>
        <source>Edited after the merge (review them in the merged proposals): {titles}.</source>
        <translation>Modifiées après la fusion (à revoir dans les propositions fusionnées)&#xa0;: {titles}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="568"/>
        <source>This point was edited on two laptops at once. The newest version is shown; compare the versions in History and save the text you want.</source>
        <translation>Ce point a été modifié sur deux ordinateurs à la fois. La version la plus récente est affichée&#xa0;; comparez les versions dans l’Historique et enregistrez le texte que vous voulez garder.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="574"/>
        <source>Recovered unsaved changes from {time}. Save to keep them, or undo with “Discard changes”.</source>
        <translation>Modifications non enregistrées du {time} récupérées. Enregistrez pour les garder, ou annulez-les avec «&#xa0;Abandonner les modifications&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="577"/>
        <source>The point has changed since: check History before saving.</source>
        <translation>Le point a changé entre-temps&#xa0;: consultez l’Historique avant d’enregistrer.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="601"/>
        <source>Unsaved changes (kept safe on this laptop)</source>
        <translation>Modifications non enregistrées (conservées en sécurité sur cet ordinateur)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="603"/>
        <source>All changes saved</source>
        <translation>Toutes les modifications sont enregistrées</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="627"/>
        <source>Save plan point</source>
        <translation>Enregistrer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="641"/>
        <source>Untitled plan point</source>
        <translation>Point du plan sans titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="643"/>
        <source>New plan point</source>
        <translation>Nouveau point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="654"/>
        <source>Delete plan point</source>
        <translation>Supprimer le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="682"/>
        <source>Restore revision</source>
        <translation>Restaurer la révision</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="688"/>
        <source>Post comment</source>
        <translation>Publier le commentaire</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="696"/>
        <source>Withdraw comment</source>
        <translation>Retirer le commentaire</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="713"/>
        <source>Rebuilding the views from the log...</source>
        <translation>Reconstruction des vues à partir du journal...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="737"/>
        <source>Open store</source>
        <translation>Ouvrir une base</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="738"/>
        <source>StratPlan stores (*.sqlite);;All files (*)</source>
        <translation>Bases StratPlan (*.sqlite);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="743"/>
        <source>New store</source>
        <translation>Nouvelle base</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="744"/>
        <source>StratPlan stores (*.sqlite)</source>
        <translation>Bases StratPlan (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="84"/>
        <source>Import proposals</source>
        <translation>Importer des propositions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="85"/>
        <source>Word or Markdown (*.docx *.md *.markdown *.txt)</source>
        <translation>Word ou Markdown (*.docx *.md *.markdown *.txt)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window_tools.py" line="102"/>
        <source>%n proposals imported as drafts.</source>
        <translation>
            <numerusform>%n proposition importée comme brouillon.</numerusform>
            <numerusform>%n propositions importées comme brouillons.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="153"/>
        <source>Split plan point</source>
        <translation>Diviser le point du plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="154"/>
        <source>Titles of the new points, one per line:</source>
        <translation>Titres des nouveaux points, un par ligne&#xa0;:</translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="310"/>
        <source>Members by points</source>
        <translation>Membres par points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="318"/>
        <source>Members × points, one &amp;cell per report (hover it for words):</source>
        <translation>Mem&amp;bres × points, une case par rapport (survolez-la pour la lire en mots) :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="322"/>
        <source>set aside</source>
        <translation>écarté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="322"/>
        <source>no report</source>
        <translation>pas de rapport</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="323"/>
        <source>no local plan</source>
        <translation>pas de plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="327"/>
        <source>Legend: {marks}</source>
        <translation>Légende : {marks}</translation>
    </message>
</context>
<context>
    <name>MembersDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="55"/>
        <source>Member organisations</source>
        <translation>Organisations membres</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="57"/>
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
        <location filename="../../stratplan/ui/voting/new_round.py" line="44"/>
        <source>Open a voting round</source>
        <translation>Ouvrir un tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="47"/>
        <source>Approval: does each point fit our organisation?</source>
        <translation>Approbation&#xa0;: chaque point convient-il à notre organisation&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="48"/>
        <source>Ranking: order the points (Schulze)</source>
        <translation>Classement&#xa0;: ordonner les points (Schulze)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="49"/>
        <source>Score: grade each point 0 to 5</source>
        <translation>Notation&#xa0;: noter chaque point de 0 à 5</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="54"/>
        <source>of those who expressed a view</source>
        <translation>des suffrages exprimés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="55"/>
        <source>of the whole electorate</source>
        <translation>de l’ensemble du corps électoral</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="57"/>
        <source>YYYY-MM-DD (optional)</source>
        <translation>AAAA-MM-JJ (facultatif)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="58"/>
        <source>&amp;Show the results while the round is open (marked provisional)</source>
        <translation>&amp;Afficher les résultats pendant que le tour de vote est ouvert (marqués provisoires)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="59"/>
        <source>Otherwise the results stay sealed until the round closes.</source>
        <translation>Sinon, les résultats restent sous scellés jusqu’à la clôture du tour de vote.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="61"/>
        <source>Proposals to vote on</source>
        <translation>Propositions soumises au vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="68"/>
        <source>&amp;Title</source>
        <translation>&amp;Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="69"/>
        <source>&amp;Method</source>
        <translation>&amp;Méthode</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="70"/>
        <source>&amp;Proposals</source>
        <translation>&amp;Propositions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="71"/>
        <source>T&amp;hreshold</source>
        <translation>&amp;Seuil</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="72"/>
        <source>Support counted</source>
        <translation>Base de calcul</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="73"/>
        <source>&amp;Quorum</source>
        <translation>&amp;Quorum</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="74"/>
        <source>&amp;Closing date</source>
        <translation>Date de &amp;clôture</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="78"/>
        <source>&amp;Open the round</source>
        <translation>&amp;Ouvrir le tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="79"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>PeerWindow</name>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="67"/>
        <source>Peer-to-peer training — StratPlan</source>
        <translation>Formation entre pairs — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="75"/>
        <source>Our &amp;needs and offers</source>
        <translation>&amp;Nos besoins et nos offres</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="76"/>
        <source>&amp;Matches and pairings</source>
        <translation>&amp;Rapprochements et binômes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="80"/>
        <source>Needs and offers by area and organisation</source>
        <translation>Besoins et offres par domaine et par organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="82"/>
        <source>Green: a need others can meet · Red: a need nobody offers · Blue: an offer · H/M/L: priority of the need · +n: offers made</source>
        <translation>Vert&#xa0;: un besoin que d’autres peuvent couvrir · Rouge&#xa0;: un besoin que personne ne couvre · Bleu&#xa0;: une offre · H/M/L&#xa0;: priorité du besoin (haute, moyenne, basse) · +n&#xa0;: offres faites</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="88"/>
        <source>&amp;Coverage</source>
        <translation>&amp;Couverture</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="90"/>
        <source>Export the &amp;training plan...</source>
        <translation>Exporter le plan de &amp;formation...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="91"/>
        <source>&amp;Import needs assessment (CSV)...</source>
        <translation>&amp;Importer une évaluation des besoins (CSV)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="92"/>
        <source>Add a capacity &amp;area...</source>
        <translation>Ajouter un &amp;domaine de compétences...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="97"/>
        <source>Training plan of:</source>
        <translation>Plan de formation de&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="142"/>
        <source>Area</source>
        <translation>Domaine</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="146"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Tool or practice</source>
        <translation>Outil ou pratique</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <source>Formats</source>
        <translation>Formats</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>high</source>
        <translation>haute</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>medium</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>low</source>
        <translation>basse</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="133"/>
        <source>training</source>
        <translation>formation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="133"/>
        <source>materials</source>
        <translation>supports</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="134"/>
        <source>mentoring</source>
        <translation>mentorat</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="134"/>
        <source>study visit</source>
        <translation>visite d’étude</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="138"/>
        <source>Add as a &amp;need</source>
        <translation>Ajouter comme &amp;besoin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="139"/>
        <source>Add as an &amp;offer</source>
        <translation>Ajouter comme &amp;offre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="140"/>
        <source>&amp;Withdraw selected</source>
        <translation>Re&amp;tirer la sélection</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="143"/>
        <source>Priority (needs)</source>
        <translation>Priorité (besoins)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="144"/>
        <source>Tool or practice (offers)</source>
        <translation>Outil ou pratique (offres)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="145"/>
        <source>Format (offers)</source>
        <translation>Format (offres)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="151"/>
        <source>Where we need help:</source>
        <translation>Là où nous avons besoin d’aide&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="153"/>
        <source>What we can share:</source>
        <translation>Ce que nous pouvons partager&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Offered by</source>
        <translation>Proposé par</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Shared languages</source>
        <translation>Langues communes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="172"/>
        <source>&amp;Confirm this pairing</source>
        <translation>&amp;Confirmer ce binôme</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="175"/>
        <source>Needs of every organisation:</source>
        <translation>Besoins de chaque organisation&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="178"/>
        <source>Organisations that can help, best first:</source>
        <translation>Organisations qui peuvent aider, les plus adaptées d’abord&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="181"/>
        <source>Confirmed pairings:</source>
        <translation>Binômes confirmés&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="307"/>
        <source>Add a capacity area</source>
        <translation>Ajouter un domaine de compétences</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="307"/>
        <source>Name of the area:</source>
        <translation>Nom du domaine&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="315"/>
        <source>Import needs assessment</source>
        <translation>Importer une évaluation des besoins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="316"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="323"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Impossible de lire {path}&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="330"/>
        <source>Imported {needs} and {offers}.</source>
        <translation>Importation&#xa0;: {needs} et {offers}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n besoin</numerusform>
            <numerusform>%n besoins</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n offre</numerusform>
            <numerusform>%n offres</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="336"/>
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
    <name>ProgressExports</name>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="39"/>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="40"/>
        <source>&amp;Our progress report...</source>
        <translation>Notre rapport d’&amp;avancement...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="41"/>
        <source>The &amp;coalition&apos;s progress report...</source>
        <translation>Rapport d’avancement de la &amp;coalition...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="42"/>
        <source>&amp;Values for donors (.xlsx)...</source>
        <translation>&amp;Valeurs pour les bailleurs (.xlsx)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="75"/>
        <source>Export our progress report</source>
        <translation>Exporter notre rapport d’avancement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="87"/>
        <source>Export the coalition&apos;s progress report</source>
        <translation>Exporter le rapport d’avancement de la coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="106"/>
        <location filename="../../stratplan/ui/progress/exports.py" line="134"/>
        <source>Writing {name}...</source>
        <translation>Écriture de {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="121"/>
        <source>Export the values for donors</source>
        <translation>Exporter les valeurs pour les bailleurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="122"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Classeur Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="137"/>
        <source>Saved {values} values from {reports} reports in {file}</source>
        <translation>{values} valeurs de {reports} rapports enregistrées dans {file}</translation>
    </message>
</context>
<context>
    <name>ProgressWindow</name>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="88"/>
        <source>Progress reports — StratPlan</source>
        <translation>Rapports d&apos;avancement — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="92"/>
        <source>Reports due</source>
        <translation>Rapports attendus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="98"/>
        <source>Revisions</source>
        <translation>Révisions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="99"/>
        <source>Points of our plan</source>
        <translation>Points de notre plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="102"/>
        <source>&amp;Import values from CSV...</source>
        <translation>&amp;Importer des valeurs depuis un CSV...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="111"/>
        <source>Our &amp;reports</source>
        <translation>Nos &amp;rapports</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="112"/>
        <source>Coalition: &amp;by point</source>
        <translation>Coalition : par &amp;point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="113"/>
        <source>Coalition: &amp;members × points</source>
        <translation>Coalition : &amp;membres × points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="114"/>
        <source>Coalition: &amp;gaps</source>
        <translation>Coalition : &amp;lacunes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="117"/>
        <source>Coalition: c&amp;harts</source>
        <translation>Coalition : grap&amp;hiques</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="137"/>
        <source>Points we &amp;work on:</source>
        <translation>Points sur lesquels nous &amp;travaillons :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="156"/>
        <source>Reporting &amp;period:</source>
        <translation>Pério&amp;de de rapport :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="226"/>
        <source>Our local plan: {title}</source>
        <translation>Notre plan local : {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="228"/>
        <location filename="../../stratplan/ui/progress/window.py" line="362"/>
        <source>We have no local plan yet: start one in the programme window.</source>
        <translation>Nous n&apos;avons pas encore de plan local : commencez-en un dans la fenêtre du programme.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="246"/>
        <source>no report yet</source>
        <translation>pas encore de rapport</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="252"/>
        <source>{title}: two corrections were made without seeing each other; check the report and save it again to settle it.</source>
        <translation>{title} : deux corrections ont été faites sans se voir ; vérifiez le rapport et enregistrez-le à nouveau pour trancher.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="259"/>
        <source>{name}: {start} to {end}, due {due}</source>
        <translation>{name} : du {start} au {end}, échéance le {due}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="261"/>
        <source> (current)</source>
        <translation> (en cours)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="268"/>
        <source>Overdue since {due}: {period}, {number} {title}</source>
        <translation>En retard depuis le {due} : {period}, {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="271"/>
        <source>Due on {due}: {period}, {number} {title}</source>
        <translation>À rendre le {due} : {period}, {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="273"/>
        <source>No update yet for {period}: {number} {title}</source>
        <translation>Pas encore de mise à jour pour {period} : {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="285"/>
        <source>Reminders: {late}, {soon}, {waiting}. Click one to open it.</source>
        <translation>Rappels : {late}, {soon}, {waiting}. Cliquez sur un rappel pour l&apos;ouvrir.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n reports overdue</source>
        <translation>
            <numerusform>%n rapport en retard</numerusform>
            <numerusform>%n rapports en retard</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n due within 14 days</source>
        <translation>
            <numerusform>%n à rendre sous 14 jours</numerusform>
            <numerusform>%n à rendre sous 14 jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="287"/>
        <source>%n points without an update this period</source>
        <translation>
            <numerusform>%n point sans mise à jour pour cette période</numerusform>
            <numerusform>%n points sans mise à jour pour cette période</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="329"/>
        <source>Select a point of our plan first.</source>
        <translation>Choisissez d&apos;abord un point de notre plan.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="336"/>
        <source>Report saved for {number}.</source>
        <translation>Rapport enregistré pour {number}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="344"/>
        <source>Save a sheet of our points</source>
        <translation>Enregistrer une feuille de nos points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="352"/>
        <source>Cannot write {path}: {why}</source>
        <translation>Impossible d&apos;écrire {path} : {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="355"/>
        <source>Saved {name}: fill it in, then import it.</source>
        <translation>{name} enregistré : remplissez-le, puis importez-le.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="365"/>
        <source>Import progress values</source>
        <translation>Importer des valeurs d&apos;avancement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="345"/>
        <location filename="../../stratplan/ui/progress/window.py" line="365"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="103"/>
        <source>S&amp;ave a CSV sheet to fill in...</source>
        <translation>Modèle de &amp;fichier CSV à remplir...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="371"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Impossible de lire {path} : {why}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="378"/>
        <source>%n reports imported.</source>
        <translation>
            <numerusform>%n rapport importé.</numerusform>
            <numerusform>%n rapports importés.</numerusform>
        </translation>
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
        <location filename="../../stratplan/ui/widgets/editor.py" line="84"/>
        <source>Full text (Markdown)</source>
        <translation>Texte complet (Markdown)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="85"/>
        <source>Preview of the full text</source>
        <translation>Aperçu du texte complet</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="86"/>
        <source>Start date</source>
        <translation>Date de début</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="87"/>
        <source>End date</source>
        <translation>Date de fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="88"/>
        <source>Reason for the status</source>
        <translation>Motif du statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="100"/>
        <source>T&amp;itle</source>
        <translation>T&amp;itre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="101"/>
        <source>Su&amp;mmary</source>
        <translation>Ré&amp;sumé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="102"/>
        <source>&amp;Objective</source>
        <translation>Ob&amp;jectif</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="103"/>
        <source>&amp;Actions</source>
        <translation>Ac&amp;tions</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="89"/>
        <location filename="../../stratplan/ui/widgets/editor.py" line="111"/>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="112"/>
        <source>&amp;Responsible</source>
        <translation>Responsab&amp;le</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="115"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="118"/>
        <source>Timeline</source>
        <translation>Calendrier</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="119"/>
        <source>Resources / &amp;budget</source>
        <translation>Ressources / &amp;budget</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="120"/>
        <source>&amp;Level</source>
        <translation>Ni&amp;veau</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="121"/>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="125"/>
        <source>Stat&amp;us</source>
        <translation>Stat&amp;ut</translation>
    </message>
</context>
<context>
    <name>ProposalListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="65"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="66"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="67"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="68"/>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="69"/>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="70"/>
        <source>Revisions</source>
        <translation>Révisions</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="14"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="15"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="16"/>
        <source>Save All</source>
        <translation>Tout enregistrer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="17"/>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="18"/>
        <source>&amp;Yes</source>
        <translation>&amp;Oui</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="19"/>
        <source>Yes to &amp;All</source>
        <translation>Oui à &amp;tout</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="20"/>
        <source>&amp;No</source>
        <translation>&amp;Non</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="21"/>
        <source>N&amp;o to All</source>
        <translation>N&amp;on à tout</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="22"/>
        <source>Abort</source>
        <translation>Interrompre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="23"/>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="24"/>
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="25"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="26"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="27"/>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="28"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="29"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="30"/>
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="31"/>
        <source>Restore Defaults</source>
        <translation>Restaurer les valeurs par défaut</translation>
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
    <name>RankingOrderModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Place</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Borda points</source>
        <translation>Points Borda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="150"/>
        <source>{place} (tied)</source>
        <translation>{place} (ex æquo)</translation>
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
    <name>ReportForm</name>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="93"/>
        <source>Required when the point is dropped</source>
        <translation>Obligatoire si le point est abandonné</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="98"/>
        <source>This point has no indicators.</source>
        <translation>Ce point n&apos;a pas d&apos;indicateurs.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="100"/>
        <source>What happened in this period</source>
        <translation>Ce qui s&apos;est passé pendant cette période</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="102"/>
        <source>One per line: a file name or a link</source>
        <translation>Un par ligne : un nom de fichier ou un lien</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="103"/>
        <source>&amp;Save report</source>
        <translation>&amp;Valider le rapport</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="105"/>
        <source>Revisions of this report</source>
        <translation>Révisions de ce rapport</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="111"/>
        <source>S&amp;tatus:</source>
        <translation>&amp;Statut :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="112"/>
        <source>Reason if dr&amp;opped:</source>
        <translation>Raison si aband&amp;onné :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="113"/>
        <source>Actual values:</source>
        <translation>Valeurs réelles :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="115"/>
        <source>&amp;Narrative:</source>
        <translation>Ré&amp;cit :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="116"/>
        <source>E&amp;vidence:</source>
        <translation>Pre&amp;uves :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="117"/>
        <source>Revisions:</source>
        <translation>Révisions :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Indicator</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="61"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Actual value</source>
        <translation>Valeur réelle</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="48"/>
        <source>Target: {target} {unit}</source>
        <translation>Cible : {target} {unit}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="52"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="54"/>
        <source>Means of verification</source>
        <translation>Moyen de vérification</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="62"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="63"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="150"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="168"/>
        <source>Select a point of our plan to report on it.</source>
        <translation>Choisissez un point de notre plan pour en rendre compte.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="173"/>
        <source>{number} {title} — {period}</source>
        <translation>{number} {title} — {period}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="192"/>
        <source>#{n}  {when}  {author}: {status}</source>
        <translation>n° {n}  {when}  {author} : {status}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="91"/>
        <source>Result per point</source>
        <translation>Résultat par point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="97"/>
        <source>Order of the points</source>
        <translation>Ordre des points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="102"/>
        <source>&lt;b&gt;Head-to-head contests&lt;/b&gt; (each row against each column)</source>
        <translation>&lt;b&gt;Duels&lt;/b&gt; (chaque ligne contre chaque colonne)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="103"/>
        <source>Head-to-head contests between the points</source>
        <translation>Duels entre les points</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="106"/>
        <source>Each cell explains its pair when selected.</source>
        <translation>Chaque cellule sélectionnée explique sa paire.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="109"/>
        <source>▲ the row&apos;s point wins the contest against the column&apos;s, ▼ it loses, = a tie (the colour says the same). The number is how many organisations ranked the row&apos;s point above the column&apos;s; in brackets, the strength of the strongest path from row to column, which Schulze compares. Select a cell to read its pair in words.</source>
        <translation>▲ le point de la ligne gagne son duel contre celui de la colonne, ▼ il le perd, = égalité (la couleur dit la même chose). Le nombre indique combien d’organisations ont classé le point de la ligne au-dessus de celui de la colonne&#xa0;; entre parenthèses, la force du chemin le plus fort de la ligne vers la colonne, que la méthode Schulze compare. Sélectionnez une cellule pour lire sa paire en toutes lettres.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="114"/>
        <source>The selected pair in words</source>
        <translation>La paire sélectionnée en toutes lettres</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="116"/>
        <source>Grades per point</source>
        <translation>Notes par point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="121"/>
        <source>Columns 0 to 5: how many organisations gave each grade. The majority grade is the median of all grades, a blank counting as 0; it decides the order.</source>
        <translation>Colonnes 0 à 5&#xa0;: combien d’organisations ont donné chaque note. La mention majoritaire est la médiane de toutes les notes, un blanc comptant pour 0&#xa0;; c’est elle qui décide de l’ordre.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="124"/>
        <source>How the order was reached</source>
        <translation>Comment l’ordre a été obtenu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="144"/>
        <source>A point against itself: nothing to compare.</source>
        <translation>Un point contre lui-même&#xa0;: rien à comparer.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="159"/>
        <source>&lt;b&gt;The results stay sealed until the round closes.&lt;/b&gt; Until then, only the turnout above is known.</source>
        <translation>&lt;b&gt;Les résultats restent sous scellés jusqu’à la clôture du tour de vote.&lt;/b&gt; D’ici là, seule la participation indiquée plus haut est connue.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="164"/>
        <source>&lt;b&gt;Provisional:&lt;/b&gt; the round is still open; these figures change as ballots arrive.</source>
        <translation>&lt;b&gt;Provisoire&#xa0;:&lt;/b&gt; le tour de vote est encore ouvert&#xa0;; ces chiffres changent à mesure que les bulletins arrivent.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="167"/>
        <source>&lt;b&gt;Final result:&lt;/b&gt; the round is closed.</source>
        <translation>&lt;b&gt;Résultat définitif&#xa0;:&lt;/b&gt; le tour de vote est clos.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="179"/>
        <source>Order (majority judgment): {order}</source>
        <translation>Ordre (jugement majoritaire)&#xa0;: {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="192"/>
        <source>The quorum is not met: no point is adopted.</source>
        <translation>Le quorum n’est pas atteint&#xa0;: aucun point n’est adopté.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="195"/>
        <source>Support per point</source>
        <translation>Soutien par point</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="198"/>
        <source>Bars: the support of each point. Dashed line: the threshold ({t}).</source>
        <translation>Barres&#xa0;: le soutien de chaque point. Ligne pointillée&#xa0;: le seuil ({t}).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="212"/>
        <source>Select a cell to read what it says about its pair.</source>
        <translation>Sélectionnez une cellule pour lire ce qu’elle dit de sa paire.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="213"/>
        <source>Order (Schulze): {order}</source>
        <translation>Ordre (Schulze)&#xa0;: {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="214"/>
        <source>Borda, for comparison: {order}</source>
        <translation>Borda, pour comparaison&#xa0;: {order}</translation>
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
    <name>ReviewedTab</name>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="34"/>
        <source>Review &amp;again</source>
        <translation>Réexa&amp;miner</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="35"/>
        <source>Take back “not a duplicate”: the pair can be suggested again.</source>
        <translation>Revenir sur «&#xa0;pas un doublon&#xa0;»&#xa0;: la paire pourra être suggérée à nouveau.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="36"/>
        <source>Remove the related &amp;link</source>
        <translation>Supprimer le &amp;lien</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="37"/>
        <source>No pair reviewed yet. Pairs dismissed as not duplicates and points linked as related are listed here, on every laptop of the coalition.</source>
        <translation>Aucune paire examinée pour l’instant. Les paires écartées comme non-doublons et les points reliés s’affichent ici, sur chaque ordinateur de la coalition.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="42"/>
        <source>Pairs already reviewed (never suggested again):</source>
        <translation>Paires déjà examinées (plus jamais suggérées)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="64"/>
        <source>Not a duplicate ({org})</source>
        <translation>Pas un doublon ({org})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="66"/>
        <source>Related ({org})</source>
        <translation>Liés ({org})</translation>
    </message>
</context>
<context>
    <name>RevisionListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="107"/>
        <source>#{n}  {when}  {author} ({org})</source>
        <translation>n° {n}  {when}  {author} ({org})</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="46"/>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="52"/>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="113"/>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="116"/>
        <source>Roles</source>
        <translation>Rôles</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Working group</source>
        <translation>Groupe de travail</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="59"/>
        <source>Make &amp;coordinator...</source>
        <translation>Nommer &amp;responsable de groupe...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="60"/>
        <source>Make co&amp;nvener...</source>
        <translation>Nommer &amp;coordinatrice...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="61"/>
        <source>&amp;Revoke</source>
        <translation>Re&amp;tirer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="94"/>
        <source>Convener</source>
        <translation>Coordinatrice de la coalition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="94"/>
        <source>Coordinator</source>
        <translation>Responsable de groupe</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="99"/>
        <source>Only a convener grants and revokes roles; your organisation is not one.</source>
        <translation>Seule une coordinatrice de la coalition attribue et retire les rôles ; votre organisation n&apos;en est pas une.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="113"/>
        <source>Organisation:</source>
        <translation>Organisation :</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="116"/>
        <source>Working group:</source>
        <translation>Groupe de travail :</translation>
    </message>
</context>
<context>
    <name>RollCallModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Vote</source>
        <translation>Vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Through</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="178"/>
        <source>in person</source>
        <translation>en personne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="180"/>
        <source>by delegation</source>
        <translation>par délégation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="182"/>
        <source>did not vote</source>
        <translation>n&apos;a pas voté</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="183"/>
        <source>gave its vote to {org}, who did not vote</source>
        <translation>a donné sa voix à {org}, qui n&apos;a pas voté</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="192"/>
        <source>Coalition and laptops</source>
        <translation>Coalition et ordinateurs</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Organisation / laptop</source>
        <translation>Organisation / ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Key fingerprint</source>
        <translation>Empreinte de la clé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="200"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="207"/>
        <source>&amp;Admit an organisation...</source>
        <translation>&amp;Admettre une organisation...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="208"/>
        <source>&amp;Certify our other laptop...</source>
        <translation>&amp;Certifier notre autre ordinateur...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="209"/>
        <source>&amp;Revoke the selected laptop...</source>
        <translation>&amp;Révoquer l’ordinateur choisi...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="221"/>
        <source>This store is waiting for the reply to its join request.</source>
        <translation>Cette base attend la réponse à sa demande d’adhésion.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="222"/>
        <source>This coalition is not set up for sharing (the demo, or a store made before sharing existed).</source>
        <translation>Cette coalition n’est pas configurée pour le partage (la démo, ou une base créée avant l’arrivée du partage).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="227"/>
        <source>{name}: roster version {version}. Compare the fingerprints aloud with each organisation.</source>
        <translation>{name}&#xa0;: liste des membres, version {version}. Comparez à voix haute les empreintes avec chaque organisation.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="231"/>
        <source>convener</source>
        <translation>coordinatrice</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="236"/>
        <source>this laptop</source>
        <translation>cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="238"/>
        <source>revoked from change #{n}</source>
        <translation>révoqué à partir de la modification n° {n}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="248"/>
        <source>Held changes: {n}.</source>
        <translation>Modifications en attente&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="251"/>
        <source>Last heard from: {peers}.</source>
        <translation>Derniers échanges&#xa0;: {peers}.</translation>
    </message>
</context>
<context>
    <name>RoundListModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Round</source>
        <translation>Tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Ballots</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Approval</source>
        <translation>Approbation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Ranking</source>
        <translation>Classement</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Score</source>
        <translation>Notation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="114"/>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="114"/>
        <source>Closed</source>
        <translation>Clos</translation>
    </message>
</context>
<context>
    <name>ScoreTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Blank</source>
        <translation>Blanc</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="283"/>
        <source>Median</source>
        <translation>Médiane</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="283"/>
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
        <location filename="../../stratplan/ui/sharing_actions.py" line="116"/>
        <source>Writing the bundle...</source>
        <translation>Écriture du paquet...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="125"/>
        <source>Send changes</source>
        <translation>Envoyer des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="126"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="134"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>Paquets StratPlan (*.stratplan *.bundle);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="133"/>
        <source>Receive changes</source>
        <translation>Recevoir des modifications</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="140"/>
        <source>Checking and importing...</source>
        <translation>Vérification et importation...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="154"/>
        <source>Choose the shared folder</source>
        <translation>Choisir le dossier partagé</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="181"/>
        <source>Syncing the shared folder...</source>
        <translation>Synchronisation du dossier partagé...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="196"/>
        <source>PostgreSQL hub</source>
        <translation>Serveur central PostgreSQL</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="197"/>
        <source>Hub address (postgresql+psycopg://user:password@host/db):</source>
        <translation>Adresse du serveur central (postgresql+psycopg://utilisateur:motdepasse@hôte/base)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="205"/>
        <source>Syncing with the hub...</source>
        <translation>Synchronisation avec le serveur central...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="120"/>
        <source>Wrote %n changes to {file}.</source>
        <translation>
            <numerusform>%n modification écrite dans {file}.</numerusform>
            <numerusform>%n modifications écrites dans {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="145"/>
        <source>Received %n new changes.</source>
        <translation>
            <numerusform>%n nouvelle modification reçue.</numerusform>
            <numerusform>%n nouvelles modifications reçues.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="186"/>
        <source>Shared folder: {wrote}, {received}.</source>
        <translation>Dossier partagé&#xa0;: {wrote}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="187"/>
        <source>wrote %n changes</source>
        <translation>
            <numerusform>%n modification écrite</numerusform>
            <numerusform>%n modifications écrites</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="188"/>
        <source>received %n new changes</source>
        <translation>
            <numerusform>%n nouvelle modification reçue</numerusform>
            <numerusform>%n nouvelles modifications reçues</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="212"/>
        <source>Hub: {sent}, {received}.</source>
        <translation>Serveur central&#xa0;: {sent}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="213"/>
        <source>sent %n changes</source>
        <translation>
            <numerusform>%n modification envoyée</numerusform>
            <numerusform>%n modifications envoyées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="214"/>
        <source>received %n changes</source>
        <translation>
            <numerusform>%n modification reçue</numerusform>
            <numerusform>%n modifications reçues</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="250"/>
        <source>Join requests (*.request *.json);;All files (*)</source>
        <translation>Demandes d’adhésion (*.request *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="261"/>
        <source>Compare the fingerprint</source>
        <translation>Comparez l’empreinte</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="265"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="268"/>
        <source>Admit an organisation</source>
        <translation>Admettre une organisation</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="269"/>
        <source>This request is from a second laptop: its own organisation certifies it.</source>
        <translation>Cette demande vient d’un deuxième ordinateur&#xa0;: c’est sa propre organisation qui le certifie.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="273"/>
        <source>Admit {name} ({code}, {country})?

Ask them to read their key&apos;s fingerprint aloud; it must be:
{fp}</source>
        <translation>Admettre {name} ({code}, {country})&#xa0;?

Demandez-leur de lire à voix haute l’empreinte de leur clé&#xa0;; elle doit être&#xa0;:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="286"/>
        <source>Certify our other laptop</source>
        <translation>Certifier notre autre ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="290"/>
        <source>Certify the laptop &apos;{label}&apos; for your organisation?

Its fingerprint must be:
{fp}</source>
        <translation>Certifier l’ordinateur «&#xa0;{label}&#xa0;» pour votre organisation&#xa0;?

Son empreinte doit être&#xa0;:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="302"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="305"/>
        <source>Revoke a laptop</source>
        <translation>Révoquer un ordinateur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="302"/>
        <source>Select a laptop first.</source>
        <translation>Choisissez d’abord un ordinateur.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="306"/>
        <source>Revoke laptop {id}? Changes it makes from now on will be ignored by every laptop; what it made before stays.</source>
        <translation>Révoquer l’ordinateur {id}&#xa0;? Les modifications qu’il fera désormais seront ignorées par tous les ordinateurs&#xa0;; ce qu’il a fait avant est conservé.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="117"/>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="119"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>Where</source>
        <translation>Où</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>Keys</source>
        <translation>Touches</translation>
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
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="181"/>
        <source>{file}: refused: {reason}</source>
        <translation>{file}&#xa0;: refusé&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="183"/>
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
    <name>VotingTexts</name>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="22"/>
        <source>{part} of {whole}</source>
        <translation>{part} sur {whole}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="31"/>
        <source>Turnout: {cast} of {total} organisations have voted, weight {share}.</source>
        <translation>Participation&#xa0;: {cast} organisations sur {total} ont voté, poids {share}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="36"/>
        <source>Turnout: {cast} of {total} organisations have voted ({pct}).</source>
        <translation>Participation&#xa0;: {cast} organisations sur {total} ont voté ({pct}).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="40"/>
        <source>Quorum {quorum} ({needed} needed): met.</source>
        <translation>Quorum {quorum} ({needed} requis)&#xa0;: atteint.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="41"/>
        <source>Quorum {quorum} ({needed} needed): not met.</source>
        <translation>Quorum {quorum} ({needed} requis)&#xa0;: non atteint.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="49"/>
        <source>of those who expressed a view (yes or no)</source>
        <translation>des suffrages exprimés (oui ou non)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="51"/>
        <source>of the whole electorate</source>
        <translation>de l’ensemble du corps électoral</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="52"/>
        <source>Approval: a point is adopted with the support of at least {threshold} {basis}; quorum {quorum} of the electorate.</source>
        <translation>Approbation&#xa0;: un point est adopté avec le soutien d’au moins {threshold} {basis}&#xa0;; quorum de {quorum} du corps électoral.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="57"/>
        <source>Ranking: the order is counted by Schulze (Borda beside it for comparison); quorum {quorum} of the electorate.</source>
        <translation>Classement&#xa0;: l’ordre est compté selon la méthode Schulze (Borda à côté pour comparaison)&#xa0;; quorum de {quorum} du corps électoral.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="60"/>
        <source>Score from 0 to 5: the order is the majority grade (majority judgment); quorum {quorum} of the electorate.</source>
        <translation>Notation de 0 à 5&#xa0;: l’ordre suit la mention majoritaire (jugement majoritaire)&#xa0;; quorum de {quorum} du corps électoral.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="69"/>
        <source>{x} against {y}: {a} ranked {x} above {y}; {b} ranked {y} above {x}.</source>
        <translation>{x} contre {y}&#xa0;: {a} ont classé {x} au-dessus de {y}&#xa0;; {b} ont classé {y} au-dessus de {x}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="76"/>
        <source>Strongest path from {a} to {b}: {path}, strength {s}.</source>
        <translation>Chemin le plus fort de {a} à {b}&#xa0;: {path}, force {s}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="80"/>
        <source>No path leads from {a} to {b} (strength 0).</source>
        <translation>Aucun chemin ne mène de {a} à {b} (force 0).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="83"/>
        <source>So {x} is placed above {y}.</source>
        <translation>{x} est donc placé au-dessus de {y}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="84"/>
        <source>So {y} is placed above {x}.</source>
        <translation>{y} est donc placé au-dessus de {x}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="85"/>
        <source>The paths are equally strong: {x} and {y} are tied.</source>
        <translation>Les chemins sont aussi forts l’un que l’autre&#xa0;: {x} et {y} sont ex æquo.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="95"/>
        <source>{a} and {b} are tied: their strongest paths are equal ({s} each way).</source>
        <translation>{a} et {b} sont ex æquo&#xa0;: leurs chemins les plus forts sont égaux ({s} dans chaque sens).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="98"/>
        <source>Why {a} is above {b}: strongest path {path} of strength {s}, against {r} the other way.</source>
        <translation>Pourquoi {a} est au-dessus de {b}&#xa0;: chemin le plus fort {path}, de force {s}, contre {r} dans l’autre sens.</translation>
    </message>
</context>
<context>
    <name>VotingWindow</name>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="93"/>
        <source>Voting rounds — StratPlan</source>
        <translation>Tours de vote — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="117"/>
        <source>Voting rounds</source>
        <translation>Tours de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="133"/>
        <source>&amp;New round...</source>
        <translation>&amp;Nouveau tour de vote...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="134"/>
        <source>C&amp;lose round</source>
        <translation>C&amp;lore le tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="135"/>
        <source>&amp;Import ballots...</source>
        <translation>&amp;Importer des bulletins...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="136"/>
        <source>E&amp;xport ballots...</source>
        <translation>E&amp;xporter les bulletins...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="137"/>
        <source>Export re&amp;sults...</source>
        <translation>Exporter les ré&amp;sultats...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="154"/>
        <source>&amp;Cast our ballot</source>
        <translation>&amp;Déposer notre bulletin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="158"/>
        <source>&amp;Give our vote...</source>
        <translation>Donner notre &amp;voix...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="159"/>
        <source>&amp;Withdraw our vote</source>
        <translation>Re&amp;prendre notre voix</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="176"/>
        <source>Results of the round</source>
        <translation>Résultats du tour de vote</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="179"/>
        <source>Ballots received</source>
        <translation>Bulletins reçus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="183"/>
        <source>Our ballot, results and ballots received</source>
        <translation>Notre bulletin, résultats et bulletins reçus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="184"/>
        <source>Our &amp;ballot</source>
        <translation>Notre &amp;bulletin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="185"/>
        <source>&amp;Results</source>
        <translation>&amp;Résultats</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="186"/>
        <source>Ballots recei&amp;ved</source>
        <translation>Bulletins re&amp;çus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="189"/>
        <source>Roll call</source>
        <translation>Appel nominal</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="192"/>
        <source>R&amp;oll call</source>
        <translation>&amp;Appel nominal</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="232"/>
        <source>Not counted: “{title}” — {why}</source>
        <translation>Non compté : « {title} » — {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="315"/>
        <source>No voting round yet. Open one with “New round”.</source>
        <translation>Aucun tour de vote pour l’instant. Ouvrez-en un avec «&#xa0;Nouveau tour de vote&#xa0;».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="352"/>
        <source>Our vote is given to {org}: its ballot counts for us, unless we cast our own.</source>
        <translation>Notre voix est donnée à {org} : son bulletin compte pour nous, sauf si nous déposons le nôtre.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="355"/>
        <source>Our vote is given to {org}, but our own ballot stands.</source>
        <translation>Notre voix est donnée à {org}, mais c&apos;est notre propre bulletin qui compte.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="357"/>
        <source>Our vote given to {org} does not count: {why}.</source>
        <translation>Notre voix donnée à {org} ne compte pas : {why}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="366"/>
        <source>open, closes {date}</source>
        <translation>ouvert, clôture le {date}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="367"/>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="369"/>
        <source>closed</source>
        <translation>clos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="398"/>
        <source>Our vote is given to {org}.</source>
        <translation>Notre voix est donnée à {org}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="406"/>
        <source>Our vote is ours again.</source>
        <translation>Notre voix nous revient.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="461"/>
        <source>Ballots recorded from {file}: {n}.</source>
        <translation>Bulletins enregistrés depuis {file}&#xa0;: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="382"/>
        <source>Your organisation&apos;s ballot was recorded.</source>
        <translation>Le bulletin de votre organisation a été enregistré.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="434"/>
        <source>The round is closed; its results are final.</source>
        <translation>Le tour de vote est clos&#xa0;; ses résultats sont définitifs.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="439"/>
        <source>Import ballots</source>
        <translation>Importer des bulletins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="439"/>
        <location filename="../../stratplan/ui/voting/window.py" line="467"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="452"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Impossible de lire {path}&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="467"/>
        <source>Export ballots</source>
        <translation>Exporter les bulletins</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="488"/>
        <location filename="../../stratplan/ui/voting/window.py" line="520"/>
        <source>Cannot write {path}: {why}</source>
        <translation>Impossible d’écrire {path}&#xa0;: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="491"/>
        <source>Blank ballot sheet written to {path} (the ballots cast stay sealed until the round closes).</source>
        <translation>Feuille de bulletins vierge écrite dans {path} (les bulletins déposés restent sous scellés jusqu’à la clôture du tour de vote).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="492"/>
        <source>Ballots written to {path}.</source>
        <translation>Bulletins écrits dans {path}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="498"/>
        <source>Export results</source>
        <translation>Exporter les résultats</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="499"/>
        <source>Word document (*.docx);;CSV files (*.csv)</source>
        <translation>Document Word (*.docx);;Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="523"/>
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
