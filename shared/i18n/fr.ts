/** Français. French plurals: `_one` (0 and 1), `_many` (millions), `_other`; the keys follow `en.ts`. */
export const fr = {
  common: {
    retry: 'Réessayer',
    copy: 'Copier',
    copied: 'Copié',
    copyFailed: 'Copie impossible',
    underMinute: 'dans moins d’une minute',
    justNow: 'à l’instant',
    loading: 'Chargement…',
    working: 'En cours…',
    checking: 'Vérification…',
    checkAgain: 'Vérifier à nouveau',
    whatToDo: 'Que faire :',
    fromTerminal: 'Depuis un terminal :',
    cancel: 'Annuler',
    clear: 'Désélectionner',
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    saved: 'Enregistré.',
    nothingYet: 'Rien pour l’instant.',
    bridgeMissing: 'Le pont Gatehouse est absent : ouvrez cette page depuis l’application.',
  },
  app: {
    skip: 'Aller au contenu',
    inFlightBadge_one: '{{count}} connexion en cours',
    inFlightBadge_many: '{{count}} connexions en cours',
    inFlightBadge_other: '{{count}} connexions en cours',
    incidentsBadge_one: '{{count}} incident ces dernières 24 heures',
    incidentsBadge_many: '{{count}} incidents ces dernières 24 heures',
    incidentsBadge_other: '{{count}} incidents ces dernières 24 heures',
  },
  nav: {
    members: 'Membres',
    main: 'Principal',
    operator: 'Opérateur connecté',
    accounts: 'Comptes',
    enroll: 'Inscrire',
    sessions: 'Sessions',
    resync: 'Resynchroniser',
    incidents: 'Incidents',
    audit: 'Audit',
    settings: 'Réglages',
  },
  roles: {
    needs:
      'Votre rôle ({{role}}) permet de voir ceci ; le faire demande le rôle {{needed}}. Demandez à un administrateur.',
    admin: 'admin',
    support: 'support',
    viewer: 'lecteur',
  },
  errors: {
    sharedKeyElsewhere:
      'La clé de cette base partagée se trouve dans le trousseau d’un autre poste, pas dans celui-ci. Rejoignez plutôt une équipe : sur un poste qui l’ouvre, lancez `gatehouse team create` (une fois), puis `gatehouse team join` ici, et faites approuver ce poste.',
    teamNotMember:
      'Cet appareil n’est pas membre de l’équipe {{team}}. Demandez à la rejoindre avec `gatehouse team join` (ou Membres → Demander à rejoindre), puis faites-le approuver par un administrateur.',
    teamPending:
      'Cet appareil attend qu’un administrateur de {{team}} l’approuve. Lisez-lui son empreinte {{fingerprint}} ; il lance `gatehouse team approve` (ou Membres → Approuver) après l’avoir comparée.',
    teamRemoved:
      'Cet appareil a été retiré de l’équipe {{team}} : il n’ouvre rien de ce qui a été écrit depuis. Demandez à un administrateur de l’approuver de nouveau si c’était une erreur.',
    teamNoKey:
      'Aucune clé d’équipe n’est chiffrée pour cet appareil (empreinte {{fingerprint}}). Demandez à un administrateur de {{team}} de l’approuver de nouveau.',
    teamKeyWrong:
      'La clé d’équipe chiffrée pour cet appareil n’ouvre pas les données de ce stockage. Demandez à un administrateur d’approuver cet appareil de nouveau.',
    teamNeedsPostgres:
      'Une équipe partage une base PostgreSQL. Déplacez-y d’abord les données de ce dossier (`gatehouse store move --to postgres://…`, rien n’est perdu), puis créez l’équipe.',
    teamExists: 'Ce stockage appartient déjà à une équipe. Demandez plutôt à la rejoindre.',
    teamNone: 'Ce stockage n’a pas encore d’équipe. Un administrateur la crée d’abord avec `gatehouse team create`.',
    teamAlreadyMember: 'Cet appareil est déjà un membre approuvé ({{name}}).',
    memberRemovedAlready: '{{name}} a déjà été retiré. Demandez-lui de rejoindre l’équipe de nouveau.',
    fingerprintDiffers:
      'L’empreinte qu’on vous a donnée ({{given}}) n’est pas celle envoyée par l’appareil de {{name}}. N’approuvez pas : demandez-lui de la relire sur son propre écran.',
    memberNotActive: '{{name}} n’est pas un membre approuvé.',
    memberUnknown: 'Aucun membre ne s’appelle {{ref}}. `gatehouse team members` les liste.',
    memberAmbiguous: 'Plusieurs membres correspondent à {{ref}} ({{ids}}). Utilisez l’identifiant.',
    lastAdmin: '{{name}} est le dernier administrateur de l’équipe. Nommez d’abord un autre membre administrateur.',
    tokenOnlyCli:
      'Les jetons d’accès ne sont remis qu’à la commande `gatehouse token` sur cet ordinateur, jamais à une fenêtre.',
    yaml: {
      tooLarge: '{{file}} : plus de {{kb}} Ko ; un fichier d’inscription tient en quelques lignes.',
      notYaml: '{{file}} : pas un document YAML.',
      empty: '{{file}} : est vide ; il doit être une table de champs (provider, label, oauth…).',
      documents_one: '{{file}} : contient {{count}} document YAML ; un fichier inscrit un compte.',
      documents_many: '{{file}} : contient {{count}} documents YAML ; un fichier inscrit un compte.',
      documents_other: '{{file}} : contient {{count}} documents YAML ; un fichier inscrit un compte.',
      syntax: '{{where}} : {{detail}}',
      aliases: '{{file}} : utilise des ancres ou alias YAML (& ou *) ; écrivez chaque valeur en entier.',
      notMapping: '{{file}} : doit être une table de champs (provider, label, oauth…).',
      unknownFields: '{{where}} : {{field}} : champ(s) inconnu(s) {{fields}}.',
      notUsed: '{{where}} : {{field}} : pas utilisé par les comptes {{provider}}.',
      required: '{{where}} : {{field}} : est obligatoire.',
      field: '{{where}} : {{field}} : {{problem}}.',
      unreadable: '{{file}} : illisible.',
      same: '{{file}} : inscrit le même compte {{provider}} « {{label}} » que {{other}}.',
      routing_one:
        '{{file}} : changerait {{fields}} du compte connecté « {{label}} » ({{id}}) ; ses jetons ont été délivrés pour l’ancienne valeur et ne doivent jamais partir ailleurs. Remettez l’ancienne valeur, ou supprimez le compte (gatehouse accounts remove {{id}}) et importez-le à nouveau pour vous reconnecter.',
      routing_many:
        '{{file}} : changerait {{fields}} du compte connecté « {{label}} » ({{id}}) ; ses jetons ont été délivrés pour les anciennes valeurs et ne doivent jamais partir ailleurs. Remettez les anciennes valeurs, ou supprimez le compte (gatehouse accounts remove {{id}}) et importez-le à nouveau pour vous reconnecter.',
      routing_other:
        '{{file}} : changerait {{fields}} du compte connecté « {{label}} » ({{id}}) ; ses jetons ont été délivrés pour les anciennes valeurs et ne doivent jamais partir ailleurs. Remettez les anciennes valeurs, ou supprimez le compte (gatehouse accounts remove {{id}}) et importez-le à nouveau pour vous reconnecter.',
    },
    noApiToken: '{{label}} n’a pas de jeton d’API enregistré. Ajoutez à nouveau la boutique.',
    notConnectedYet:
      '{{label}} n’est pas encore connecté{{detail}}. Connectez-le depuis l’écran Comptes ou avec `gatehouse enroll`.',
    waitingReauth:
      '{{label}} attend une réautorisation{{detail}}. Connectez-le depuis l’écran Comptes ou avec `gatehouse enroll`.',
    noAccessAfter: '{{label}} n’a pas de jeton d’accès après un renouvellement. Réautorisez-le.',
    refreshTooLong: 'Un autre processus Gatehouse renouvelle {{id}} depuis trop longtemps.',
    rotationNotSaved: 'Le jeton de renouvellement changé n’a pas pu être enregistré.',
    notUrl: '{{field}} n’est pas une URL.',
    urlUserinfo: '{{field}} ne doit contenir ni nom d’utilisateur ni mot de passe.',
    httpsOnly:
      '{{field}} doit être une URL https (http simple n’est permis que sur l’adresse loopback de cet ordinateur).',
    overrideLoopback: 'La redirection de point d’accès pour {{from}} doit viser une adresse loopback, pas {{host}}.',
    overridesJson: 'GATEHOUSE_ENDPOINT_OVERRIDES n’est pas un objet JSON origine → origine loopback.',
    providerTimeout: '{{host}} n’a pas répondu en {{seconds}} s. Vérifiez le réseau et réessayez.',
    providerUnreachable: '{{host}} est injoignable. Vérifiez le réseau et réessayez.',
    providerTooLarge:
      '{{host}} a envoyé une réponse de plus de {{mb}} Mo, ou s’est interrompu ; elle a été refusée. Réessayez plus tard.',
    portInUse:
      "Le port {{port}} sur {{host}} est déjà pris par un autre programme : la connexion ne peut pas recevoir sa redirection. Arrêtez ce programme (trouvez-le avec `ss -ltnp 'sport = :{{port}}'` sous Linux, `lsof -iTCP:{{port}} -sTCP:LISTEN` sous macOS, `netstat -ano | findstr :{{port}}` sous Windows), ou déclarez un autre port de redirection.",
    cannotListen:
      'Impossible d’écouter sur {{where}} pour la redirection de connexion ({{code}}). Vérifiez le pare-feu local ou les règles du bac à sable pour le loopback.',
    discovery:
      'Impossible de lire la configuration OpenID de {{issuer}} ({{detail}}). Vérifiez l’URL de l’émetteur et que le fournisseur d’identité est joignable.',
    noPkce:
      'Le serveur d’autorisation de ce compte {{provider}} ne prend pas en charge PKCE S256 ; Gatehouse ne se connecte pas sans.',
    diskFull: 'Le disque de {{dir}} est plein : rien n’a été modifié. Libérez de l’espace, puis réessayez.',
    readOnly:
      'La base de {{dir}} est en lecture seule pour cet utilisateur ({{code}}) : rien n’a été modifié. Corrigez les droits du dossier de données (ou remontez-le en écriture), puis réessayez.',
    auditUnwritable:
      'Le journal d’audit ne peut pas être écrit ({{detail}}) : rien n’a été modifié. Lancez `gatehouse doctor` ; restaurez gatehouse.db depuis une sauvegarde si le journal est endommagé.',
    integrity:
      'La base de {{path}} a échoué à son contrôle d’intégrité ({{detail}}). Restaurez-la depuis une sauvegarde ; elle n’a pas été modifiée.',
    dbEmpty:
      '{{path}} est vide (0 octet) : il a été tronqué, par exemple par un disque plein ou une copie inachevée. Gatehouse ne l’a pas remplacé, donc la clé du trousseau (service « Gatehouse », éléments {{marker}}/data-key/v…) correspond toujours aux données que vous restaurerez. Restaurez gatehouse.db depuis une sauvegarde. Pour repartir de zéro (tous les comptes sont perdus), déplacez le fichier vide et gatehouse.id.',
    driverAbi:
      'Le pilote SQLite (better-sqlite3) n’a pas pu être chargé : il a été compilé pour un autre environnement ({{detail}}). Depuis les sources, lancez `npm start` (il compile le pilote pour Electron une fois) ou `node scripts/electron-native.mjs` ; une application installée : réinstallez-la. Le dossier de données n’a pas été touché.',
    diskFullOpen:
      'Le disque de {{dir}} est plein : la base ne peut pas être ouverte en écriture. Libérez de l’espace, puis relancez Gatehouse ; rien n’a été modifié.',
    folderNotWritable:
      'Le dossier de données {{dir}} (ou {{file}} dedans) n’est pas accessible en écriture pour cet utilisateur ({{code}}). Corrigez ses droits ou son propriétaire, ou choisissez un autre dossier avec --data-dir ou GATEHOUSE_DATA_DIR ; la base n’a pas été modifiée.',
    notADatabase:
      '{{path}} n’est pas une base Gatehouse ou est endommagé ({{detail}}). Restaurez-le depuis une sauvegarde ou déplacez-le pour repartir de zéro ; il n’a pas été modifié.',
    cannotOpen:
      'Impossible d’ouvrir la base de {{path}} : {{detail}}. Vérifiez le dossier de données et le disque, puis réessayez ; la base n’a pas été modifiée.',
    newerSchema:
      'La base a été écrite par un Gatehouse plus récent (schéma {{from}}, cette version connaît {{latest}}). Mettez Gatehouse à jour ; la base n’a pas été modifiée.',
    pgNewerSchema:
      'La base PostgreSQL a été écrite par un Gatehouse plus récent (schéma {{from}}, cette version connaît {{latest}}). Mettez Gatehouse à jour sur ce poste ; la base n’a pas été modifiée.',
    pgUnreachable:
      'Le serveur PostgreSQL de {{location}} est injoignable ({{detail}}). Vérifiez que le serveur tourne et que ce poste peut le joindre ; `gatehouse store status` réessaie.',
    pgAuth:
      'PostgreSQL à {{location}} a refusé la connexion ({{detail}}). Vérifiez l’utilisateur et le mot de passe : `gatehouse store connect` redemande le mot de passe.',
    pgNoPassword:
      'PostgreSQL à {{location}} demande un mot de passe, et aucun n’a été donné. Donnez-le une fois avec `gatehouse store connect URL --password-stdin` (ou Réglages → Où vivent les données) : il est gardé dans le trousseau du système.',
    pgNoDatabase: 'La base nommée dans {{location}} n’existe pas. Créez-la (CREATE DATABASE …) ou corrigez l’URL.',
    pgOther:
      'PostgreSQL à {{location}} n’a pas pu être utilisé : {{detail}}. Lancez `gatehouse doctor` pour le détail ; rien n’a été modifié.',
    moveSame: 'La cible est le stockage que Gatehouse utilise déjà ; rien à déplacer.',
    moveOccupied:
      'La cible {{to}} contient déjà des données ({{tables}}) ; un déplacement ne va que vers une base vide, donc rien n’a été copié. Visez une nouvelle base vide (CREATE DATABASE …), ou retirez d’abord les données qui s’y trouvent.',
    moveDiffers:
      'Après la copie, {{table}} dans {{to}} diffère de la source ({{rows}} lignes pour {{expected}}). Gatehouse continue d’utiliser la source ; retirez les données de la cible et réessayez.',
    storeFilePassword:
      '{{file}} contient un mot de passe de base en clair ; Gatehouse ne le lit pas là. Retirez le mot de passe de l’URL et mettez-le dans ~/.pgpass (mode 0600) ou PGPASSWORD ; puis changez ce mot de passe, puisqu’il a été stocké en clair.',
    storeFileInvalid:
      '{{file}} n’est pas un choix de stockage valide (attendu : {"engine": "postgres", "url": "postgres://…"}). Relancez `gatehouse store connect`, ou `gatehouse store use-local` pour revenir à la base embarquée.',
    urlPassword: 'L’URL du stockage ne doit pas contenir de mot de passe ; donnez-le à part.',
    storeMoved:
      'Ces données ont été déplacées vers {{to}} ; plus rien n’est écrit dans {{from}}. Redémarrez Gatehouse (ou relancez la commande) pour utiliser le nouveau stockage.',
    sharedAway:
      'La base partagée {{location}} est injoignable pour l’instant, donc rien n’a été modifié. Gatehouse se reconnecte seul ; réessayez dans un moment. `gatehouse doctor` montre ce qu’il trouve.',
    diskLow:
      'Seulement {{free}} Mo libres sur le disque de {{dir}}, donc {{what}} n’a pas été lancé : rien n’a été envoyé ni dépensé. Libérez de l’espace (au moins {{min}} Mo), puis réessayez.',
    targetUrl: 'L’URL cible : {{problem}}',
    theUrl: 'L’URL : {{problem}}',
    passwordInUrl: 'Donnez le mot de passe à part (entrée standard, ou le champ mot de passe), pas dans l’URL.',
    alreadySqliteMove: 'Ce dossier de données utilise déjà son fichier SQLite ; rien à déplacer.',
    nothingToTest: 'Le fichier SQLite est sur cet ordinateur : il n’y a rien à tester.',
    alreadySqlite: 'Ce dossier de données utilise déjà son fichier SQLite.',
    newerAt:
      'La base de {{location}} a été écrite par un Gatehouse plus récent (schéma {{from}}, cette version connaît {{latest}}). Mettez Gatehouse à jour sur ce poste ; rien n’a été modifié.',
    alreadyUses: 'Ce dossier de données utilise déjà {{location}}.',
    wouldLeaveBehind_one:
      '{{location}} ne contient aucune donnée Gatehouse, et ce dossier a {{count}} compte que la connexion laisserait derrière. Copiez-le là-bas avec `gatehouse store move --to {{to}}` (Réglages → Où vivent les données → Déplacer), ou connectez-vous depuis un dossier vide.',
    wouldLeaveBehind_many:
      '{{location}} ne contient aucune donnée Gatehouse, et ce dossier a {{count}} comptes que la connexion laisserait derrière. Copiez-les là-bas avec `gatehouse store move --to {{to}}` (Réglages → Où vivent les données → Déplacer), ou connectez-vous depuis un dossier vide.',
    wouldLeaveBehind_other:
      '{{location}} ne contient aucune donnée Gatehouse, et ce dossier a {{count}} comptes que la connexion laisserait derrière. Copiez-les là-bas avec `gatehouse store move --to {{to}}` (Réglages → Où vivent les données → Déplacer), ou connectez-vous depuis un dossier vide.',
    noSignIn:
      'Le compte {{provider}} {{label}} n’a pas de connexion : il est inscrit avec un jeton d’API de boutique. Supprimez-le et ajoutez-le à nouveau pour changer le jeton.',
    signInInFlight:
      'Une connexion pour {{label}} est déjà en cours (session {{session}}). Terminez-la ou annulez-la d’abord.',
    tooManySignIns_one:
      '{{count}} connexion est déjà en cours, le maximum permis (maxConcurrentSessions). Attendez qu’elle se termine.',
    tooManySignIns_many:
      '{{count}} connexions sont déjà en cours, le maximum permis (maxConcurrentSessions). Attendez que certaines se terminent.',
    tooManySignIns_other:
      '{{count}} connexions sont déjà en cours, le maximum permis (maxConcurrentSessions). Attendez que certaines se terminent.',
    noSession: 'Il n’y a pas de session de connexion {{id}}.',
    sessionEnded: 'La session {{id}} est déjà terminée ({{state}}).',
    keychainTimeout:
      'Le trousseau du système n’a pas répondu en {{seconds}} s. S’il demande un mot de passe, répondez-lui, puis réessayez.',
    keychainLocked:
      'Le trousseau du système est verrouillé ({{detail}}). Déverrouillez votre trousseau de session, puis réessayez.',
    keychainNoDefault:
      'Le Secret Service tourne mais n’a pas de trousseau par défaut ({{detail}}). Créez-en un (GNOME : Mots de passe et clés, « trousseau par défaut »), ou lancez gnome-keyring-daemon avec --unlock, puis réessayez.',
    keychainNoneDarwin: 'Aucun trousseau du système n’est joignable ({{detail}}). $t(remedy.keychainDarwin)',
    keychainNoneWin32: 'Aucun trousseau du système n’est joignable ({{detail}}). $t(remedy.keychainWin32)',
    keychainNoneLinux: 'Aucun trousseau du système n’est joignable ({{detail}}). $t(remedy.keychainLinux)',
    keyRotatedElsewhere: 'La clé de données a été changée par un autre processus Gatehouse. Réessayez.',
    cannotOpenSetting:
      'Le {{kind}} scellé des réglages ne s’ouvre pas avec la clé du trousseau du système. Saisissez-le à nouveau ; rien n’a été supprimé.',
    cannotOpenAccount:
      'Le {{kind}} scellé du compte {{id}} ne s’ouvre pas avec la clé du trousseau du système. Saisissez-le à nouveau (réinscrivez le compte) ; rien n’a été supprimé.',
    rotatedTogether: 'Un autre processus Gatehouse a changé la clé en même temps. Réessayez.',
    keyBeingCreated: 'Un autre processus Gatehouse crée la clé de données et n’a pas fini. Réessayez dans une minute.',
    vaultLocked: 'Le coffre n’est pas encore déverrouillé ; le trousseau du système n’a pas été joint.',
    noTargets:
      'Aucune cible de resynchronisation n’est configurée : personne n’a été envoyé. Configurez-en une dans Réglages → Cibles de resynchronisation (ou `gatehouse settings set`).',
    noResyncList: 'Il n’y a pas de liste de resynchronisation {{id}} dans cette exécution de Gatehouse.',
    noAccounts: 'Il n’y a pas de compte {{ids}}{{more}}. Vérifiez les ids avec `gatehouse accounts list`.',
    noBulk: 'Il n’y a pas d’inscription groupée {{id}} dans cette exécution de Gatehouse.',
    preferencesUnreadable:
      'Le fichier de préférences {{file}} est illisible ({{detail}}). Corrigez le JSON ou déplacez le fichier ; Gatehouse prend alors ses valeurs par défaut. La base de données n’est pas touchée.',
    criticalLonger: 'expiryCriticalDays ({{critical}}) ne doit pas dépasser expiryWarningDays ({{warning}}).',
    noAccount: 'Il n’y a pas de compte {{id}}.',
    readBack: 'Le nouveau compte n’a pas pu être relu.',
    relayAndRedirect: 'relayUrl et redirectUri sont deux façons de recevoir la connexion ; donnez-en une seule.',
    noPastedToken: '{{label}} se connecte avec {{provider}} ; il ne prend pas de jeton collé. Réautorisez-le plutôt.',
    nothingImported: 'Rien n’a été importé. {{list}}{{more}}',
    andMore_one: ' (et {{count}} de plus)',
    andMore_many: ' (et {{count}} de plus)',
    andMore_other: ' (et {{count}} de plus)',
    alreadyEnrolled:
      'Ce compte {{provider}} est déjà inscrit sous {{duplicate}}. Réautorisez ce compte plutôt que de l’ajouter à nouveau.',
    bcUnreachable:
      'La boutique BigCommerce {{storeHash}} est injoignable pour vérifier le jeton d’API. Vérifiez le réseau et réessayez ; rien n’a été enregistré.',
    bcRejected:
      'La boutique BigCommerce {{storeHash}} a refusé le jeton d’API ({{status}}). Vérifiez le jeton et que son compte d’API a les portées Information et Customers ; rien n’a été enregistré.',
    bcNoStore:
      'BigCommerce n’a pas de boutique au hash {{storeHash}} (404). Vérifiez le hash dans le chemin de l’API du compte d’API.',
    bcStatus:
      'La boutique BigCommerce {{storeHash}} a répondu {{status}} pendant la vérification du jeton. Réessayez plus tard ; rien n’a été enregistré.',
    bcNotStore:
      'La boutique BigCommerce {{storeHash}} a répondu à la vérification du jeton par autre chose que les informations de la boutique.',
    internal: 'Un problème est survenu dans Gatehouse. Le détail est dans le journal local ; rien n’a été modifié.',
    internalChange:
      'Un problème est survenu dans Gatehouse pendant cette modification. Le détail est dans le journal local. Une partie a peut-être été faite : vérifiez le résultat avant de réessayer.',
    unknownChannel: 'Aucun canal ne s’appelle {{name}}.',
    forbiddenAdmin:
      'Seul un admin peut faire cela ({{what}}). Vous êtes connecté en tant que {{actor}}, avec le rôle {{role}} ; demandez à un admin.',
    forbiddenSupport:
      'Seuls le support ou un admin peuvent faire cela ({{what}}). Vous êtes connecté en tant que {{actor}}, avec le rôle {{role}} ; demandez à un admin.',
    invalidShape: 'Entrée non valide pour {{channel}} : {{problem}}.',
    checkFields_one: 'Vérifiez ce champ : {{list}}.',
    checkFields_many: 'Vérifiez ces champs : {{list}}.',
    checkFields_other: 'Vérifiez ces champs : {{list}}.',
    invalidOutput: 'Gatehouse a produit une réponse inattendue sur {{channel}} ; rien n’a été affiché.',
    auditAfter:
      '{{channel}} a été exécuté, mais son entrée d’audit n’a pas pu être écrite. Lancez `gatehouse doctor` : le journal d’audit ou le disque demande attention avant tout autre changement.',
  },
  signin: {
    aad: {
      '50011':
        'Microsoft a refusé la connexion ({{code}}) : l’URI de redirection ne correspond pas à l’inscription de l’application. Déclarez http://localhost (applications mobiles et de bureau) ou la redirection exacte que montre Gatehouse.',
      '700016':
        'Microsoft a refusé la connexion ({{code}}) : l’application (id client) est introuvable dans ce locataire. Vérifiez l’id client et le locataire.',
      '65001':
        'Microsoft a refusé la connexion ({{code}}) : personne n’a encore consenti à l’application pour ce locataire. Demandez à un admin du locataire d’accorder le consentement.',
      '700025':
        'Microsoft a refusé la connexion ({{code}}) : l’application est un client public et ne doit pas envoyer de secret. Retirez le secret client de ce compte.',
      '7000218':
        'Microsoft a refusé la connexion ({{code}}) : l’inscription de l’application exige un secret client. Autorisez les flux de client public dans l’inscription.',
      '50076':
        'Microsoft a refusé la connexion ({{code}}) : l’authentification multifacteur est exigée. Terminez-la dans le navigateur et réessayez.',
      '50105':
        'Microsoft a refusé la connexion ({{code}}) : votre compte n’est pas affecté à cette application. Demandez à un admin de l’affecter.',
    },
    aadOther:
      'Microsoft a refusé la connexion ({{code}}) : voyez la référence des codes d’erreur Microsoft pour ce code.',
    error: {
      accessDenied: 'La connexion a été refusée ou annulée dans le navigateur. Relancez-la pour connecter le compte.',
      invalidGrant:
        'Le fournisseur a rejeté le code d’autorisation (expiré, déjà utilisé, ou redirection différente). Relancez la connexion.',
      invalidClient:
        'Le fournisseur n’accepte pas cet id client ou ce secret. Vérifiez l’inscription de l’application et les réglages client du compte.',
      invalidScope:
        'Le fournisseur a refusé l’une des portées demandées. Vérifiez que l’inscription de l’application les permet.',
      redirectMismatch:
        'L’URI de redirection n’est pas déclarée pour cette application. Déclarez la redirection que Gatehouse montre pour ce compte.',
      interactive:
        'Le fournisseur demande de terminer la connexion de façon interactive. Relancez-la et terminez chaque étape dans le navigateur.',
      temporary: 'Le fournisseur a eu un problème passager. Réessayez dans quelques minutes.',
      other:
        'Le fournisseur a renvoyé l’erreur « {{code}} ». Relancez la connexion ; si cela se répète, vérifiez l’inscription de l’application.',
      issMissing:
        'La réponse de connexion ne nommait pas le serveur d’autorisation de départ (RFC 9207 iss) ; elle a été refusée avant qu’aucun code ne soit dépensé. Relancez la connexion.',
      invalidResponse:
        'Le fournisseur a répondu à la demande de jeton par autre chose qu’une réponse de jeton valide. Réessayez plus tard.',
      issuerMismatch:
        'La réponse venait d’un autre serveur d’autorisation que celui du départ de la connexion ; elle a été refusée.',
      network: 'Le fournisseur est injoignable pour l’échange de jeton. Vérifiez le réseau et relancez la connexion.',
      exchangeFailed: 'L’échange de jeton a échoué. Relancez la connexion ; le journal local a le détail.',
    },
    ended: {
      bulkStopped: 'Pas commencée : l’inscription groupée a été arrêtée.',
      couldNotStart: 'La connexion n’a pas pu commencer ; voyez le journal.',
      expired: 'Personne n’a terminé la connexion à temps. Relancez-la.',
      cancelled: 'Annulée par un admin.',
      interrupted: 'Gatehouse s’est arrêté pendant cette connexion. Relancez-la.',
    },
    mismatch: {
      unknown:
        '{{label}} est lié à {{bound}}, et cette connexion n’a pas dit qui s’est connecté : impossible de vérifier. Rien n’a été enregistré.',
      someoneElse:
        'Cette connexion s’est faite en tant que {{who}}, mais {{label}} est lié à {{bound}}. Connectez-vous en tant que {{bound}}, ou ajoutez {{who}} comme compte à part.',
      wrongMailbox:
        '{{label}} attend la boîte {{expected}}, mais la connexion s’est faite en tant que {{name}}. Connectez-vous en tant que {{expected}} (déconnectez d’abord {{name}} dans le navigateur), ou ajoutez {{name}} comme compte à part.',
    },
    page: {
      connected: 'Connecté',
      connectedBody: 'Le compte {{provider}} {{label}} est connecté à Gatehouse.',
      connectedAs: 'Le compte {{provider}} {{label}} est connecté à Gatehouse en tant que {{name}}.',
      returnToApp: 'Vous pouvez fermer cet onglet et revenir à Gatehouse.',
      failed: 'Échec de la connexion',
      closeTab: 'Vous pouvez fermer cet onglet.',
      startAgain: 'Relancez la connexion depuis Gatehouse. Vous pouvez fermer cet onglet.',
      someoneElse: 'Connecté en tant que quelqu’un d’autre',
      nothingStored: 'Rien n’a été enregistré. Vous pouvez fermer cet onglet.',
      moved: 'Gatehouse a déplacé ses données',
      movedBody:
        'Les données vivent désormais dans {{to}} : cette connexion n’a pas été terminée ; son code n’a pas servi.',
      movedHint: 'Redémarrez Gatehouse et relancez la connexion. Vous pouvez fermer cet onglet.',
      cancelled: 'Cette connexion a été annulée',
      cancelledBody: 'Gatehouse n’attend plus cette connexion.',
      cancelledHint: 'Relancez-la depuis Gatehouse si vous en avez encore besoin.',
    },
  },
  csv: {
    tooLarge: 'la liste dépasse {{mb}} Mo',
    empty: 'la liste est vide',
    repeated: 'l’en-tête nomme {{name}} plus d’une fois (colonnes {{columns}}) : gardez une seule colonne',
    noEmail: 'l’en-tête n’a pas de colonne « email »',
    unknownColumns:
      'colonnes inconnues ignorées : {{columns}} ; connues : email, auth0Id, firstName, lastName, companyId, userType',
    tooMany: 'plus de {{max}} utilisateurs ; le reste n’a pas été lu',
    field: '{{field}} : {{problem}}',
    unclosed: 'un champ entre guillemets n’est jamais fermé',
  },
  history: {
    refreshed: 'Jeton renouvelé ({{actor}})',
    refreshFailed: 'Échec du renouvellement ({{actor}})',
    ok: {
      accounts_add: 'Ajouté par {{actor}}',
      accounts_import: 'Importé par {{actor}}',
      accounts_test: 'Connexion testée par {{actor}}',
      accounts_setToken: 'Nouveau jeton d’API collé par {{actor}}',
      accounts_setEnabled: 'Activé ou désactivé par {{actor}}',
      sessions_start: 'Connexion lancée par {{actor}}',
      sessions_cancel: 'Connexion annulée par {{actor}}',
      tokens_refresh: 'Renouvellement demandé par {{actor}}',
    },
    failed: {
      accounts_add: 'Ajout — échec, par {{actor}}',
      accounts_import: 'Import — échec, par {{actor}}',
      accounts_test: 'Test de connexion — échec, par {{actor}}',
      accounts_setToken: 'Nouveau jeton d’API — échec, par {{actor}}',
      accounts_setEnabled: 'Activation ou désactivation — échec, par {{actor}}',
      sessions_start: 'Lancement de connexion — échec, par {{actor}}',
      sessions_cancel: 'Annulation de connexion — échec, par {{actor}}',
      tokens_refresh: 'Demande de renouvellement — échec, par {{actor}}',
    },
    other: '{{action}} par {{actor}}',
    otherFailed: '{{action}} — échec, par {{actor}}',
    signIn: {
      PENDING: 'Connexion en attente',
      CALLBACK_RECEIVED: 'Retour de connexion reçu',
      COMPLETED: 'Connexion terminée',
      FAILED: 'Échec de la connexion',
      EXPIRED: 'Connexion expirée',
      CANCELLED: 'Connexion annulée',
      INTERRUPTED: 'Connexion interrompue',
    },
  },
  alert: {
    changed: {
      ok: '{{label}} est de nouveau sain',
      unknown: '{{label}} n’a pas d’expiration connue',
      warning: '{{label}} expire dans la période d’avertissement',
      critical: '{{label}} expire dans la journée',
      expired: '{{label}} a expiré',
      needs_reauth: '{{label}} demande une réautorisation',
    },
    incident: {
      ok: '{{label}} est de nouveau sain ({{at}}).',
      unknown: '{{label}} n’a pas d’expiration connue ({{at}}).',
      warning: '{{label}} expire dans la période d’avertissement ({{at}}).',
      critical: '{{label}} expire dans la journée ({{at}}).',
      expired: '{{label}} a expiré ({{at}}).',
      needs_reauth: '{{label}} demande une réautorisation ({{at}}).',
    },
    summary: {
      ok_one: '{{count}} de nouveau sain',
      ok_many: '{{count}} de nouveau sains',
      ok_other: '{{count}} de nouveau sains',
      unknown_one: '{{count}} sans expiration connue',
      unknown_many: '{{count}} sans expiration connue',
      unknown_other: '{{count}} sans expiration connue',
      warning_one: '{{count}} expire dans la période d’avertissement',
      warning_many: '{{count}} expirent dans la période d’avertissement',
      warning_other: '{{count}} expirent dans la période d’avertissement',
      critical_one: '{{count}} expire dans la journée',
      critical_many: '{{count}} expirent dans la journée',
      critical_other: '{{count}} expirent dans la journée',
      expired_one: '{{count}} a expiré',
      expired_many: '{{count}} ont expiré',
      expired_other: '{{count}} ont expiré',
      needs_reauth_one: '{{count}} demande une réautorisation',
      needs_reauth_many: '{{count}} demandent une réautorisation',
      needs_reauth_other: '{{count}} demandent une réautorisation',
    },
    manyChanged_one: '{{count}} compte Gatehouse a changé',
    manyChanged_many: '{{count}} comptes Gatehouse ont changé',
    manyChanged_other: '{{count}} comptes Gatehouse ont changé',
    slackStatus: 'Slack a répondu HTTP {{status}}. L’alerte n’y a pas été livrée.',
    slackUnreachable: 'Slack est injoignable. L’alerte n’y a pas été livrée.',
  },
  incident: {
    action: {
      announced: 'Annoncé ; le maintien en vie le renouvelle à échéance. Réautorisez s’il ne peut pas être renouvelé.',
      checkSlack: 'Vérifiez le webhook Slack dans Réglages (Alertes → Envoyer une alerte de test).',
      markedReauth: 'Marqué à réautoriser ; le compte et ses réglages sont gardés.',
      keptRetry: 'Tous les jetons gardés ; prochaine tentative dans {{minutes}} min.',
      reportedToTester: 'Signalé à l’admin qui a lancé le test.',
    },
  },
  test: {
    noUserinfo:
      'Ce fournisseur d’identité n’a pas de point d’accès userinfo ; un renouvellement de jeton a réussi à la place.',
    works: '{{provider}} a répondu à {{path}} par HTTP {{status}} : le jeton fonctionne.',
    storeTokenRefused:
      '{{provider}} a refusé le jeton d’API de la boutique (HTTP 401) au test de connexion. Collez un nouveau jeton pour cette boutique.',
    tokenRefused:
      '{{provider}} a refusé le jeton même après un renouvellement (HTTP 401) au test de connexion. Réautorisez le compte.',
    http: {
      forbidden:
        '{{provider}} a répondu à {{path}} par HTTP {{status}} : le jeton est valide mais il lui manque une permission (portée), ou l’application a été retirée de la boutique. Vérifiez les portées et réautorisez.',
      notFound:
        '{{provider}} a répondu à {{path}} par HTTP {{status}} : l’adresse de l’API est introuvable. Vérifiez la boutique ou le locataire de ce compte.',
      rateLimited:
        '{{provider}} a répondu à {{path}} par HTTP {{status}} : le fournisseur limite le débit ; réessayez dans une minute.',
      server:
        '{{provider}} a répondu à {{path}} par HTTP {{status}} : un problème de serveur chez le fournisseur ; réessayez plus tard.',
      unexpected: '{{provider}} a répondu à {{path}} par HTTP {{status}} : une réponse inattendue.',
    },
  },
  failure: {
    keyMismatch:
      'Ses jetons scellés ne s’ouvrent pas avec la clé désormais dans le trousseau du système (le trousseau a été réinitialisé ou remplacé). Réautorisez ce compte ; restaurer l’ancien élément du trousseau le récupère aussi.',
    plain: '{{text}}',
    invalidResponse:
      '{{provider}} a répondu au renouvellement par autre chose qu’une réponse de jeton valide ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    network:
      '{{provider}} est injoignable (réseau ou DNS) ; tous les jetons ont été gardés. Gatehouse réessaie en espaçant les tentatives.',
    noAnswer:
      '{{provider}} n’a pas répondu à temps au renouvellement (délai ou connexion coupée) ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    diskFull:
      'Le disque de cet ordinateur s’est rempli pendant le renouvellement ; tous les jetons ont été gardés, et le nouveau prend sa place dès qu’il y a de la place. Libérez de l’espace disque ; Gatehouse réessaie plus tard.',
    aad: {
      '70008':
        'Microsoft a refusé le renouvellement ({{code}}) : le jeton de renouvellement a expiré après 90 jours sans usage. Réautorisez le compte ; il garde ses réglages.',
      '700082':
        'Microsoft a refusé le renouvellement ({{code}}) : le jeton de renouvellement a expiré après 90 jours sans usage. Réautorisez le compte ; il garde ses réglages.',
      '700084':
        'Microsoft a refusé le renouvellement ({{code}}) : le jeton de renouvellement a atteint sa durée de vie fixe. Réautorisez le compte ; il garde ses réglages.',
      '50173':
        'Microsoft a refusé le renouvellement ({{code}}) : l’autorisation a été révoquée (changement de mot de passe, ou révocation par un admin ou l’utilisateur). Réautorisez le compte ; il garde ses réglages.',
      '50076':
        'Microsoft a refusé le renouvellement ({{code}}) : l’authentification multifacteur est désormais exigée. Réautorisez le compte ; il garde ses réglages.',
      '65001':
        'Microsoft a refusé le renouvellement ({{code}}) : le consentement à l’application a été retiré. Réautorisez le compte ; il garde ses réglages.',
    },
    aadOther:
      'Microsoft a refusé le renouvellement ({{code}}) : voyez la référence des codes d’erreur Microsoft pour ce code. Réautorisez le compte ; il garde ses réglages.',
    invalidGrant: {
      cafe24:
        'Les jetons de renouvellement Cafe24 sont à usage unique et durent 14 jours : celui-ci a déjà servi ou a expiré. Réautorisez le compte ; il garde ses réglages.',
      google:
        'Google indique que le jeton a expiré ou a été révoqué (accès révoqué, changement de mot de passe d’un compte Gmail, 6 mois sans usage, ou la limite de 7 jours d’une application « en test »). Réautorisez le compte ; il garde ses réglages.',
      microsoft:
        'Microsoft n’accepte plus ce jeton de renouvellement (expiré ou révoqué). Réautorisez le compte ; il garde ses réglages.',
      oidc: 'Le fournisseur d’identité n’accepte plus ce jeton de renouvellement (expiré, révoqué ou déjà utilisé). Réautorisez le compte ; il garde ses réglages.',
      bigcommerce: 'La boutique a refusé le jeton. Réautorisez le compte ; il garde ses réglages.',
    },
    invalidClient:
      '{{provider}} n’accepte plus l’id client ou le secret de cette application. Corrigez l’inscription de l’application ou les réglages client du compte, puis réautorisez.',
    refused: '{{provider}} a refusé le renouvellement avec « {{code}} ». Réautorisez le compte.',
    rateLimited:
      '{{provider}} limite le débit de Gatehouse ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    rateLimitedWait:
      '{{provider}} limite le débit de Gatehouse (attente demandée : {{seconds}} s) ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    notToken:
      '{{provider}} a répondu par autre chose qu’une réponse de jeton ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    notTokenWait:
      '{{provider}} a répondu par autre chose qu’une réponse de jeton (attente demandée : {{seconds}} s) ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    server: '{{provider}} a eu un problème de serveur ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
    serverWait:
      '{{provider}} a eu un problème de serveur (attente demandée : {{seconds}} s) ; tous les jetons ont été gardés. Gatehouse réessaie plus tard.',
  },
  checks: {
    label: {
      'data-folder': 'Dossier de données',
      disk: 'Espace disque',
      preferences: 'Préférences',
      database: 'Base de données',
      audit: 'Journal d’audit',
      keychain: 'Trousseau du système',
      vault: 'Coffre',
      loopback: 'Écoute loopback',
    },
    detail: {
      keychainReachable: '{{backend}} accessible ; la clé propre à cet appareil s’y trouve',
      plain: '{{text}}',
      writable: '{{dir}} est accessible en écriture',
      notWritable: '{{dir}} n’est pas accessible en écriture ({{detail}})',
      diskUnknown: 'L’espace libre de {{dir}} n’a pas pu être lu.',
      diskLow:
        'Seulement {{free}} libres sur le disque de {{dir}} : les renouvellements sont suspendus pour qu’aucun jeton à usage unique ne soit dépensé sans place pour enregistrer son remplaçant.',
      diskSoon: '{{free}} libres sur le disque de {{dir}}',
      diskFree: '{{free}} libres',
      prefsRead: '{{file}} se lit',
      pgTls: 'Schéma {{schema}}, {{location}} : PostgreSQL {{version}}, TLS, aller-retour de {{ms}} ms',
      pgNoTls:
        'Schéma {{schema}}, {{location}} : PostgreSQL {{version}}, sans TLS (loopback seulement), aller-retour de {{ms}} ms',
      pgWrongTls:
        '{{location}} : PostgreSQL {{version}}, TLS, aller-retour de {{ms}} ms ; schéma {{schema}} ; inattendu : {{wrong}}',
      pgWrongNoTls:
        '{{location}} : PostgreSQL {{version}}, sans TLS (loopback seulement), aller-retour de {{ms}} ms ; schéma {{schema}} ; inattendu : {{wrong}}',
      sqliteWrong: 'Réglages inattendus : {{wrong}}',
      sqliteOk:
        'SQLite embarqué ({{location}}) : schéma {{schema}}, WAL synchronisé sur disque à chaque commit durable, secure_delete, clés étrangères, busy timeout {{busy}} ms',
      auditNotChecked: 'Non vérifié : la base de données ne s’est pas ouverte.',
      auditOk_one: '{{count}} entrée, chaîne intacte, accessible en écriture',
      auditOk_many: '{{count}} entrées, chaîne intacte, accessible en écriture',
      auditOk_other: '{{count}} entrées, chaîne intacte, accessible en écriture',
      keychainNotChecked: 'Non vérifié : Gatehouse n’a pas démarré.',
      vaultNoKeychain:
        'Aucun secret ne peut être scellé ni ouvert tant que le trousseau est injoignable. Rien n’a été écrit en clair.',
      keychainOk: '{{backend}} joignable ; clé de données v{{version}} présente',
      vaultDegraded_one: '{{count}} propriétaire a des secrets scellés que la clé actuelle n’ouvre pas ({{owners}}).',
      vaultDegraded_many:
        '{{count}} propriétaires ont des secrets scellés que la clé actuelle n’ouvre pas ({{owners}}).',
      vaultDegraded_other:
        '{{count}} propriétaires ont des secrets scellés que la clé actuelle n’ouvre pas ({{owners}}).',
      vaultOk_one: 'AES-256-GCM ; {{count}} secret scellé ; sonde scellée et ouverte',
      vaultOk_many: 'AES-256-GCM ; {{count}} secrets scellés ; sonde scellée et ouverte',
      vaultOk_other: 'AES-256-GCM ; {{count}} secrets scellés ; sonde scellée et ouverte',
      loopbackV4: 'Impossible d’écouter sur 127.0.0.1 ({{detail}})',
      loopbackV6: '127.0.0.1 fonctionne ; [::1] non ({{detail}})',
      loopbackOk: 'Écoute possible sur 127.0.0.1 et [::1]',
    },
    remedy: {
      plain: '{{text}}',
      chooseFolder:
        'Choisissez un dossier accessible en écriture avec --data-dir ou GATEHOUSE_DATA_DIR, ou corrigez ses droits.',
      freeDisk: 'Libérez de l’espace disque (au moins 8 Mo).',
      freeDiskSoon: 'Libérez bientôt de l’espace disque.',
      restoreDb: 'Vérifiez le dossier de données ; restaurez gatehouse.db depuis une sauvegarde s’il est endommagé.',
      updateOrAsk: 'Mettez Gatehouse à jour ou demandez au responsable de la base.',
      slowLink: 'Un lien lent ralentit chaque écran ; utilisez une base plus proche de ce poste.',
      restart: 'Redémarrez Gatehouse ; signalez-le si cela persiste.',
      fixDbFirst: 'Réparez d’abord la base de données.',
      keepCopy: 'Gardez une copie de gatehouse.db pour l’enquête ; `gatehouse audit verify` nomme l’entrée.',
      fixAbove: 'Corrigez d’abord ce qui est nommé plus haut.',
      reauthAffected:
        'Réautorisez les comptes touchés, ou restaurez l’ancien élément du trousseau pour les récupérer. Rien n’a été supprimé.',
      firewall:
        'Les connexions ont besoin d’une écoute loopback : vérifiez le pare-feu local ou les règles du bac à sable.',
      use127:
        'Les redirections déclarées en http://localhost ont aussi besoin du loopback IPv6 ; utilisez plutôt des redirections http://127.0.0.1.',
      keychainLocked: 'Déverrouillez votre trousseau de session, puis relancez la vérification.',
      keychainTimeout: 'Répondez à la demande du trousseau si elle est ouverte, puis relancez la vérification.',
    },
  },
  remedy: {
    keychainDarwin: 'Vérifiez que le trousseau de session existe et est déverrouillé dans Trousseaux d’accès.',
    keychainWin32: 'Vérifiez que le service Gestionnaire d’identification tourne.',
    keychainLinux:
      'Installez et lancez un Secret Service dans votre session de bureau : GNOME Keyring (Debian/Ubuntu : sudo apt install gnome-keyring ; Fedora : sudo dnf install gnome-keyring), KWallet 6 avec son Secret Service activé, ou KeePassXC avec l’intégration Secret Service activée ; puis fermez et rouvrez la session. Sans bureau : lancez Gatehouse dans dbus-run-session avec gnome-keyring-daemon --unlock (README, « Linux without a desktop »).',
  },
  field: {
    custom: {
      httpsOrEmpty: 'doit être une URL https (http seulement en loopback), ou vide',
      redirectLoopback:
        'la redirection doit être http://127.0.0.1:PORT/chemin ou http://localhost:PORT/chemin avec un port explicite',
      tenant: 'le locataire doit être common, organizations, consumers, un GUID de locataire ou un domaine',
      mallId: 'l’id de boutique doit faire 3 à 50 lettres minuscules, chiffres ou tirets',
      storeHash: 'le hash de boutique doit faire 5 à 20 lettres minuscules ou chiffres',
      email: 'n’est pas une adresse e-mail valide',
    },
    required: 'est obligatoire',
    mustBeType: 'doit être de type {{type}}',
    tooShort: 'est trop court (au moins {{min}} caractères)',
    needsAtLeast: 'en demande au moins {{min}}',
    atLeast: 'doit valoir au moins {{min}}',
    tooLong: 'est trop long (au plus {{max}} caractères)',
    tooMany: 'en a trop (au plus {{max}})',
    atMost: 'doit valoir au plus {{max}}',
    oneOf: 'doit être l’un de {{values}}',
    httpsUrl: 'doit être une adresse https:// complète',
    badFormat: 'n’est pas un {{format}} valide',
    notValid: 'n’est pas valide',
    unknownKeys_one: 'a {{count}} champ inconnu ; autorisés : {{allowed}}',
    unknownKeys_many: 'a {{count}} champs inconnus ; autorisés : {{allowed}}',
    unknownKeys_other: 'a {{count}} champs inconnus ; autorisés : {{allowed}}',
  },
  health: {
    disabled: 'Désactivé — pas maintenu en vie',
    not_connected: 'Non connecté — connectez-vous',
    needs_reauth: 'À réautoriser',
    token_refused: 'Jeton refusé — collez-en un nouveau',
    expired_reauthorize: 'Expiré — réautorisez',
    expired_paste: 'Jeton expiré — collez-en un nouveau',
    lapses_day: 'Expire dans la journée',
    degraded: 'Fournisseur dégradé — nouvelles tentatives',
    lapses_soon: 'Expire bientôt',
    healthy: 'Sain',
  },
  levels: {
    ok: 'OK',
    warning: 'Expire bientôt',
    critical: 'Critique',
    expired: 'Expiré',
    unknown: 'Inconnu',
  },
  status: {
    connected: 'Connecté',
    not_connected: 'Non connecté',
    needs_reauth: 'À réautoriser',
    error: 'Erreur',
    disabled: 'Désactivé',
  },
  keychain: {
    teamTitle: 'Cet appareil n’ouvre encore aucun secret de l’équipe',
    openMembers: 'Ouvrir Membres',
    title: 'Gatehouse a besoin du trousseau du système avant de pouvoir garder un jeton',
    body: 'Chaque jeton est scellé sous une clé gardée dans le trousseau du système, et Gatehouse ne se rabat jamais sur un stockage en clair. Tant que le trousseau ne répond pas, vous pouvez regarder, mais rien ne peut être inscrit ni renouvelé.',
  },
  offline: {
    title: 'La base de données partagée est injoignable',
    body: 'depuis {{since}} : ce qui était connu alors est affiché. Gatehouse se reconnecte seul ; les modifications attendent jusque-là.',
  },
  shell: {
    summary: {
      expired_one: '{{count}} expiré',
      expired_many: '{{count}} expirés',
      expired_other: '{{count}} expirés',
      reauth_one: '{{count}} à réautoriser',
      reauth_many: '{{count}} à réautoriser',
      reauth_other: '{{count}} à réautoriser',
      critical_one: '{{count}} critique',
      critical_many: '{{count}} critiques',
      critical_other: '{{count}} critiques',
      warning_one: '{{count}} expire bientôt',
      warning_many: '{{count}} expirent bientôt',
      warning_other: '{{count}} expirent bientôt',
      none: 'aucun compte pour l’instant',
      healthy_one: 'le compte est sain',
      healthy_many: 'les {{count}} comptes sont sains',
      healthy_other: 'les {{count}} comptes sont sains',
    },
    file: 'Fichier',
    view: 'Affichage',
    enrol: 'Inscrire un compte…',
    resync: 'Forcer une resynchronisation client…',
    settings: 'Réglages…',
    needsAttention: 'Demande une action ({{count}})',
    andMore: 'et {{count}} de plus…',
    open: 'Ouvrir Gatehouse',
    quit: 'Quitter Gatehouse',
  },
  palette: {
    title: 'Palette de commandes',
    goTo: 'Aller à {{screen}}',
    enrol: 'Inscrire un compte',
    resync: 'Resynchroniser un utilisateur',
    refreshDue: 'Renouveler maintenant les comptes à échéance',
    open: 'Ouvrir {{label}}',
    inputLabel: 'Tapez une commande ou un compte',
    placeholder: 'Tapez une commande ou un compte…',
    commands: 'Commandes',
    nothing: 'Rien ne correspond à « {{query}} ».',
    keys: '↑ ↓ pour choisir · Entrée pour lancer · Échap pour fermer',
  },
  refresh: {
    result: {
      neverExpires: 'Un jeton d’API de boutique n’expire jamais ; rien à renouveler.',
      notConnected: 'Pas encore connecté : connectez-vous d’abord.',
      waitingReauth: 'En attente d’une réautorisation.',
      refreshedMeanwhile: 'Renouvelé entre-temps par un autre processus Gatehouse ; plus à échéance.',
      noRefreshToken:
        'Le fournisseur n’a délivré aucun jeton de renouvellement à la connexion (accès hors ligne non accordé) : l’accès ne peut pas être renouvelé. Réautorisez en permettant l’accès hors ligne.',
      heldElsewhere: 'Un autre processus Gatehouse le renouvelle en ce moment.',
      doneElsewhere: 'Renouvelé par un autre processus Gatehouse au même moment.',
      needsReauth: 'Demande une réautorisation.',
      refreshed: 'Renouvelé.',
      rotationLost:
        'Le fournisseur a délivré un nouveau jeton de renouvellement pour {{label}}, mais il n’a pas pu être enregistré (le disque du dossier de données est plein), et le précédent est désormais dépensé. Libérez de l’espace, puis réautorisez ce compte ; Gatehouse n’enverra plus le jeton dépensé.',
      rotationLostUnrecorded:
        'Le fournisseur a délivré un nouveau jeton de renouvellement pour {{label}}, mais il n’a pas pu être enregistré (le disque du dossier de données est plein), et le précédent est désormais dépensé. Libérez de l’espace, puis réautorisez ce compte ; Gatehouse n’enverra plus le jeton dépensé. Cela n’a pas non plus pu être noté dans la base.',
    },
    summary: 'Renouvellement : {{head}}.',
    outcome: {
      refreshed_one: '{{count}} renouvelé',
      refreshed_many: '{{count}} renouvelés',
      refreshed_other: '{{count}} renouvelés',
      needs_reauth_one: '{{count}} à réautoriser',
      needs_reauth_many: '{{count}} à réautoriser',
      needs_reauth_other: '{{count}} à réautoriser',
      degraded_one: '{{count}} dégradé',
      degraded_many: '{{count}} dégradés',
      degraded_other: '{{count}} dégradés',
      failed_one: '{{count}} en échec',
      failed_many: '{{count}} en échec',
      failed_other: '{{count}} en échec',
      skipped_one: '{{count}} ignoré',
      skipped_many: '{{count}} ignorés',
      skipped_other: '{{count}} ignorés',
    },
  },
  accounts: {
    total_one: '{{count, number}} compte',
    total_many: '{{count, number}} de comptes',
    total_other: '{{count, number}} comptes',
    attention_one: '{{count, number}} demande une action',
    attention_many: '{{count, number}} demandent une action',
    attention_other: '{{count, number}} demandent une action',
    notConnectedYet_one: '{{count, number}} pas encore connecté',
    notConnectedYet_many: '{{count, number}} pas encore connectés',
    notConnectedYet_other: '{{count, number}} pas encore connectés',
    allHealthy: 'tous connectés et sains',
    subtitleEmpty: 'Les boîtes aux lettres et boutiques que Gatehouse garde connectées',
    loading: 'Chargement des comptes…',
    emptyTitle: 'Aucun compte pour l’instant',
    enrollOne: 'Inscrire un compte',
    emptyBody:
      'Inscrivez une boîte Microsoft 365 ou Gmail, une boutique Cafe24 ou BigCommerce : cette page montre d’un coup d’œil quels jetons expirent bientôt et ce qui a échoué.',
    selectCapped_one: 'La première correspondance est sélectionnée.',
    selectCapped_many: 'Les {{count, number}} premières correspondances sont sélectionnées.',
    selectCapped_other: 'Les {{count, number}} premières correspondances sont sélectionnées.',
    selectedRegion: 'Comptes sélectionnés',
    selected_one: '{{count, number}} sélectionné',
    selected_many: '{{count, number}} sélectionnés',
    selected_other: '{{count, number}} sélectionnés',
    atMost: 'au plus',
    tabsLabel: 'Onglets du navigateur à la fois',
    tabsAtATime: 'onglets à la fois',
    refreshing: 'Renouvellement…',
    glance: {
      title: 'En un coup d’œil',
      expired: 'Expirés',
      lapses_day: 'Expirent sous 24 h',
      reauth: 'À réautoriser',
      degraded: 'Fournisseur dégradé',
      inFlight: 'Connexions en cours',
    },
    searchPlaceholder: 'Chercher un nom, un id ou une erreur',
    searchLabel: 'Chercher des comptes',
    allProviders: 'Tous les fournisseurs',
    statusLabel: 'État',
    anyStatus: 'Tout état',
    levelLabel: 'Niveau d’expiration',
    anyExpiry: 'Toute expiration',
    needsAttention: 'Demande une action',
    sortBy: 'Trier par',
    sort: {
      expiry: 'Le plus urgent d’abord',
      label: 'Nom',
      provider: 'Fournisseur',
      status: 'État',
      lastRefresh: 'Dernier renouvellement',
    },
    shownAll_one: '{{count, number}} affiché',
    shownAll_many: '{{count, number}} affichés',
    shownAll_other: '{{count, number}} affichés',
    shownSome_one: '{{shown}} sur {{count, number}} affiché',
    shownSome_many: '{{shown}} sur {{count, number}} affichés',
    shownSome_other: '{{shown}} sur {{count, number}} affichés',
    selectAll: 'Tout sélectionner',
    selectOne: 'Sélectionner {{label}}',
    col: {
      provider: 'Fournisseur',
      account: 'Compte',
      health: 'Santé',
      access: 'Accès',
      refresh: 'Jeton de renouvellement',
      times: 'Dernier / prochain renouvellement',
      error: 'Dernière erreur',
      actions: 'Actions',
    },
    noMatch: 'Aucun compte ne correspond à ces filtres.',
    renewsOnUse: 'renouvelé à l’usage',
    renewsOnUseHint: 'Les jetons d’accès vivent peu ; Gatehouse en obtient un nouveau quand il en a besoin',
    neverExpires: 'n’expire jamais',
    neverExpiresHint: 'Un jeton d’API de boutique n’expire jamais',
    refused: 'plus valide',
    refusedHint: 'L’autorisation a été refusée ; le jeton enregistré ne fonctionne plus',
    estimated: '(estimé)',
    action: {
      reauthorize: 'Réautoriser',
      sign_in: 'Se connecter',
      paste_token: 'Coller un nouveau jeton',
      refresh: 'Renouveler',
      enable: 'Activer',
    },
  },
  drawer: {
    label: 'Compte {{label}}',
    close: 'Fermer le détail',
    signedInAs: 'Connecté en tant que',
    identityNotYet: 'Pas encore connecté ; la première connexion lie le compte à cet utilisateur',
    identityNotRecorded:
      'Non enregistré (connecté avant que Gatehouse ne l’enregistre) ; la prochaine connexion l’enregistre',
    accessToken: 'Jeton d’accès',
    ends: '{{level}}, expire le {{at}}',
    estimatedRule: '(estimé d’après la règle du fournisseur)',
    nextRefresh: 'Prochain renouvellement',
    test: 'Tester la connexion',
    testing: 'Test…',
    disable: 'Désactiver',
    removeEllipsis: 'Supprimer…',
    newToken: 'Nouveau jeton d’API de boutique',
    checkAndSeal: 'Vérifier et sceller',
    newTokenHelp: 'Vérifié d’abord auprès de la boutique ; l’ancien jeton n’est remplacé que si le nouveau fonctionne.',
    removeTitle: 'Supprimer {{label}} ?',
    removeSignIn:
      'Gatehouse révoque le jeton de ce compte chez {{provider}} quand le fournisseur le permet, puis efface tous les secrets qu’il détient et oublie le compte.',
    removeStore:
      'Gatehouse efface le jeton d’API de cette boutique et oublie le compte (un jeton de boutique BigCommerce ne peut pas être révoqué d’ici : supprimez son compte d’API dans le panneau de la boutique).',
    removeFinal: 'C’est irréversible ; le journal d’audit en garde la trace.',
    removing: 'Suppression…',
    remove: 'Supprimer {{label}}',
    keep: 'Le garder',
    history: 'Historique',
    loadingHistory: 'Chargement de l’historique…',
  },
  enroll: {
    subtitle:
      'Ajoutez une boîte aux lettres ou une boutique. Les connexions se font dans le navigateur du système et reviennent sur cet ordinateur.',
    oidcName: 'Fournisseur OpenID',
    providers: 'Fournisseurs',
    how: {
      microsoft:
        'Connexion dans le navigateur du système (redirection loopback, PKCE). Déclarez http://localhost sous « Applications mobiles et de bureau ».',
      google:
        'Connexion dans le navigateur du système sur 127.0.0.1 (PKCE). Les applications « en test » reçoivent des jetons de renouvellement de 7 jours.',
      cafe24: 'Connexion pour une boutique sur la redirection déclarée dans le Cafe24 Developer Center.',
      bigcommerce:
        'Collez le hash de la boutique et le jeton d’accès d’un compte d’API de boutique ; il est vérifié auprès de la boutique, puis scellé.',
      oidc: 'Tout émetteur avec découverte, comme le fournisseur d’identité de votre organisation.',
    },
    field: {
      mailbox: 'Boîte aux lettres',
      tenant: 'Locataire (tenant)',
      appClientId: 'Id d’application (client)',
      redirect: 'Redirection déclarée',
      desktopClientId: 'Id de client OAuth (application de bureau)',
      clientSecret: 'Secret client',
      storeName: 'Nom de la boutique',
      mallId: 'Id de la boutique',
      clientId: 'Id client',
      relay: 'Page relais',
      storeHash: 'Hash de la boutique',
      accessToken: 'Jeton d’accès',
      account: 'Compte',
      issuer: 'URL de l’émetteur',
    },
    help: {
      redirectEmpty: 'Laissez vide pour utiliser http://127.0.0.1 avec un port libre.',
      relay: 'Au lieu d’une redirection loopback, pour les fournisseurs qui n’acceptent que https (voir le README).',
      storeHash: 'Dans le chemin de l’API : https://api.bigcommerce.com/stores/{store hash}/v3/',
    },
    optional: '(facultatif)',
    newAccount: 'Nouveau compte {{provider}}',
    connected: '{{label}} est connecté ({{id}}).',
    fieldProblem: '{{field}} : {{problem}}.',
    checkAndAdd: 'Vérifier et ajouter',
    addAndSignIn: 'Ajouter et se connecter',
  },
  import: {
    limit: {
      files_one:
        '{{count, number}} fichier d’inscription ; un import en prend au plus {{max, number}} : importez le dossier en plusieurs fois.',
      files_many:
        '{{count, number}} fichiers d’inscription ; un import en prend au plus {{max, number}} : importez le dossier en plusieurs fois.',
      files_other:
        '{{count, number}} fichiers d’inscription ; un import en prend au plus {{max, number}} : importez le dossier en plusieurs fois.',
      bytes:
        'les fichiers font {{mb}} Mo ensemble ; un import en prend au plus {{max}} Mo : importez-les en plusieurs fois.',
    },
    plainSecret:
      '{{file}} contient un secret en clair : il est scellé dans le coffre à l’import ; supprimez ensuite le fichier ou retirez-en le secret.',
    onlyYaml: 'Déposez des fichiers d’inscription .yaml ou .yml.',
    done: '{{created}} créés, {{updated}} modifiés, {{unchanged}} inchangés.',
    title: 'Importer des fichiers YAML d’inscription',
    format: 'Format des seeds : oauth.redirect_uri, oauth.delegated_permissions, champs du fournisseur',
    files: 'Fichiers d’inscription',
    drop: 'Déposez les fichiers d’inscription ici, ou cliquez pour les choisir.',
    imported: 'Importé : {{done}}',
    preview: 'Aperçu de l’import',
    file: 'Fichier',
    change: 'Changement',
    created: 'nouveau',
    updated: 'mise à jour',
    unchanged: 'inchangé',
    nothing: 'Rien à changer',
    importN_one: 'Importer {{count}} compte',
    importN_many: 'Importer {{count}} comptes',
    importN_other: 'Importer {{count}} comptes',
  },
  sessions: {
    shown_one: '{{shown}} connexion affichée sur {{count, number}}',
    shown_many: '{{shown}} connexions affichées sur {{count, number}}',
    shown_other: '{{shown}} connexions affichées sur {{count, number}}',
    loadOlder: 'Charger les connexions plus anciennes',
    allShown: 'Toutes les connexions sont affichées.',
    subtitle: 'Les connexions en cours, en direct',
    counts: 'Nombre de sessions',
    pending_one: '{{count}} en attente',
    pending_many: '{{count}} en attente',
    pending_other: '{{count}} en attente',
    completed_one: '{{count}} terminée',
    completed_many: '{{count}} terminées',
    completed_other: '{{count}} terminées',
    needYou_one: '{{count}} vous attend',
    needYou_many: '{{count}} vous attendent',
    needYou_other: '{{count}} vous attendent',
    loading: 'Chargement des sessions…',
    emptyTitle: 'Aucune connexion en cours',
    emptyBody:
      'Quand vous inscrivez ou réautorisez un compte, sa connexion apparaît ici avec le temps restant, l’étape en cours, et Annuler, Réessayer et Copier l’URL.',
    list: 'Sessions de connexion',
    state: {
      PENDING: 'En attente du navigateur',
      CALLBACK_RECEIVED: 'Échange du code',
      COMPLETED: 'Connecté',
      FAILED: 'Échec',
      EXPIRED: 'Délai dépassé',
      CANCELLED: 'Annulée',
      INTERRUPTED: 'Interrompue',
      QUEUED: 'En file',
      NOT_STARTED: 'Pas commencée',
    },
    step: {
      waiting: 'en attente du navigateur',
      opened: 'navigateur ouvert',
      openYourself: 'ouvrez vous-même l’URL d’autorisation',
      exchanging: 'échange du code',
    },
    accountNow: 'le compte maintenant : {{health}}',
    left: 'reste {{time}}',
    started: 'Commencée',
    redirect: 'redirection',
    scopes: 'portées',
    copyUrl: 'Copier l’URL',
    copyUrlHint: 'Copier l’URL d’autorisation pour finir la connexion sur une autre machine',
  },
  bulk: {
    title: 'Inscription groupée',
    finished: 'Inscription groupée terminée',
    connected_one: '{{done}} sur {{count}} connecté',
    connected_many: '{{done}} sur {{count}} connectés',
    connected_other: '{{done}} sur {{count}} connectés',
    progress: '{{open}} ouvertes (au plus {{max}}) · {{queued}} en file · {{failed}} de ce lot vous attendent',
    stop: 'Arrêter',
    stillNeedsYou: 'Vous attendent encore :',
    queued: 'attend un onglet libre',
    finishInBrowser: 'terminez la connexion dans le navigateur',
    more_one: '… et {{count}} de plus',
    more_many: '… et {{count}} de plus',
    more_other: '… et {{count}} de plus',
  },
  incidents: {
    shown_one: '{{shown}} incident affiché',
    shown_many: '{{shown}} incidents affichés',
    shown_other: '{{shown}} incidents affichés',
    loadOlder: 'Charger les incidents plus anciens',
    allShown: 'Tous les incidents sont affichés.',
    gatehouse: 'Gatehouse lui-même',
    subtitle: 'Chaque échec par compte, avec le code du fournisseur et ce que Gatehouse a fait',
    loading: 'Chargement des incidents…',
    emptyTitle: 'Aucun incident',
    emptyBody:
      'Les échecs de renouvellement, pannes de fournisseur, jetons qui expirent et alertes en échec apparaissent ici au fil de l’eau.',
    needsSomeone: 'demande quelqu’un',
    coping: 'Gatehouse fait face',
    count_one: '{{count}} incident',
    count_many: '{{count}} incidents',
    count_other: '{{count}} incidents',
    latest: 'dernier',
    openAccount: 'Ouvrir le compte',
    of: 'Incidents de {{label}}',
    when: 'Quand',
    code: 'Code',
    what: 'Ce qui s’est passé',
    done: 'Ce qui a été fait',
  },
  audit: {
    filters: 'Filtrer le journal d’audit',
    whoHint: 'Nom ou e-mail',
    targetHint: 'Compte, utilisateur ou réglage',
    any: 'Tous',
    from: 'Du',
    until: 'Jusqu’au',
    clear: 'Effacer les filtres',
    exportCsv: 'Exporter en CSV',
    exportJsonl: 'Exporter en JSON Lines',
    exported_one: '{{count}} entrée exportée, de la plus ancienne à la plus récente.',
    exported_many: '{{count}} entrées exportées, de la plus ancienne à la plus récente.',
    exported_other: '{{count}} entrées exportées, de la plus ancienne à la plus récente.',
    noMatch: 'Aucune entrée ne correspond à ces filtres',
    noMatchBody: 'Élargissez les dates ou effacez un filtre.',
    unsigned: 'Non signée : écrite sans trousseau accessible',
    device: 'Appareil',
    onDevice: 'sur l’appareil {{device}}',
    shown_one: '{{shown}} entrée affichée',
    shown_many: '{{shown}} entrées affichées',
    shown_other: '{{shown}} entrées affichées',
    loadOlder: 'Charger les entrées plus anciennes',
    allShown: 'Toutes les entrées correspondantes sont affichées.',
    verify: {
      intact_one: 'Journal d’audit intact : {{count}} entrée ; chaîne, signatures et ancre de cet appareil concordent.',
      intact_many:
        'Journal d’audit intact : {{count}} entrées ; chaîne, signatures et ancre de cet appareil concordent.',
      intact_other:
        'Journal d’audit intact : {{count}} entrées ; chaîne, signatures et ancre de cet appareil concordent.',
      intactUnsigned_one:
        'Journal d’audit intact : {{count}} entrée ; les {{unsigned}} plus récentes ont été écrites sans trousseau accessible et ne sont pas encore signées.',
      intactUnsigned_many:
        'Journal d’audit intact : {{count}} entrées ; les {{unsigned}} plus récentes ont été écrites sans trousseau accessible et ne sont pas encore signées.',
      intactUnsigned_other:
        'Journal d’audit intact : {{count}} entrées ; les {{unsigned}} plus récentes ont été écrites sans trousseau accessible et ne sont pas encore signées.',
      changed:
        'Journal d’audit rompu à l’entrée n° {{seq}} : elle a été modifiée, supprimée ou déplacée après son écriture.',
      forged:
        'Journal d’audit rompu à l’entrée n° {{seq}} : sa signature n’est pas celle de la clé d’audit (chaîne recalculée par quelqu’un sans trousseau).',
      missing:
        'Journal d’audit rompu : les entrées après le n° {{seq}} manquent (cet appareil en avait vu jusqu’au n° {{anchored}}).',
    },
    subtitle: 'Chaque changement, par qui, et son résultat. En ajout seul et chaîné par hachage.',
    intact_one: 'Chaîne intacte · {{count}} entrée',
    intact_many: 'Chaîne intacte · {{count}} entrées',
    intact_other: 'Chaîne intacte · {{count}} entrées',
    broken: 'Chaîne rompue au n° {{seq}}',
    loading: 'Chargement du journal d’audit…',
    emptyTitle: 'Rien d’enregistré pour l’instant',
    emptyBody:
      'Inscriptions, suppressions, resynchronisations, rotations de clé et changements de réglages sont enregistrés ici, avec leur auteur et leur résultat. Jamais les secrets.',
    log: 'Journal d’audit',
    who: 'Qui',
    action: 'Action',
    target: 'Cible',
    outcome: 'Résultat',
    result: { ok: 'ok', error: 'erreur' },
  },
  resync: {
    target: {
      customerService: 'Customer Service',
      bigcommerce: 'Client BigCommerce',
      cafe24: 'Client Cafe24',
      notReadyKey:
        'Pas prêt : aucune clé d’API du Customer Service n’est enregistrée ; définissez-la dans Réglages → Secrets d’intégration.',
      notReadyIdp:
        'Pas prêt : choisissez le compte du fournisseur d’identité dont le Customer Service accepte le jeton, dans Réglages → Cibles de resynchronisation.',
      csNotConfigured:
        'Non configuré : définissez l’URL du Customer Service dans Réglages → Cibles de resynchronisation.',
      csWithKey: '{{endpoint}}, avec la clé d’API scellée',
      csWithIdp: '{{endpoint}}, avec le jeton du compte du fournisseur d’identité',
      bcReady: 'Obtenir ou créer par e-mail dans {{label}}',
      bcNotConfigured:
        'Non configuré : choisissez une boutique BigCommerce inscrite dans Réglages → Cibles de resynchronisation.',
      c24Ready: 'Recherche par e-mail dans {{label}} (demande la portée mall.read_privacy)',
      c24NotConfigured:
        'Non configuré : choisissez une boutique Cafe24 inscrite dans Réglages → Cibles de resynchronisation.',
    },
    because: {
      rateLimited:
        '{{name}} a continué à limiter le débit après trois attentes ; réessayez dans quelques minutes (HTTP {{status}}).',
      credentials:
        '{{name}} a refusé les identifiants de Gatehouse ; vérifiez-les dans Réglages (ou réautorisez la boutique) (HTTP {{status}}).',
      server: '{{name}} a eu un problème de serveur ; réessayez plus tard (HTTP {{status}}).',
      notJson:
        '{{name}} a répondu par autre chose que du JSON (un proxy ou une page de maintenance ?) (HTTP {{status}}).',
      unexpected: '{{name}} a répondu de façon inattendue (HTTP {{status}}).',
      csData:
        '{{name}} a rejeté les données de l’utilisateur ; vérifiez l’id Auth0, les noms et le type d’utilisateur (HTTP {{status}}).',
      csNotFound:
        '{{name}} n’a pas de /land/api/v1/users/sync à cette URL ; vérifiez l’URL du Customer Service dans Réglages (HTTP {{status}}).',
      bcRefusedNew:
        '{{name}} a refusé le nouveau client : l’e-mail est déjà utilisé (peut-être sur un autre canal) ou un champ n’est pas valide ; vérifiez les noms et l’e-mail dans le panneau (HTTP {{status}}).',
      tooLarge: '{{name}} a refusé la requête comme trop grande (HTTP {{status}}).',
      c24Scope:
        '{{name}} a refusé la recherche : l’application n’a pas la portée mall.read_privacy ou a été retirée de la boutique ; ajoutez la portée et réautorisez (HTTP {{status}}).',
      c24NoList: '{{name}} a répondu sans liste de clients (HTTP {{status}}).',
    },
    says: {
      csNotConfigured:
        'Le Customer Service n’est pas configuré ; définissez son URL dans Réglages → Cibles de resynchronisation.',
      csNeedsAuth0: 'Le Customer Service a besoin de l’id Auth0 de l’utilisateur (auth0Id) ; ajoutez-le et relancez.',
      csNoKey:
        'Aucune clé d’API du Customer Service n’est enregistrée ; définissez-la dans Réglages → Secrets d’intégration.',
      csNoIdp: 'Aucun compte du fournisseur d’identité n’est choisi pour le Customer Service dans Réglages.',
      csSynced: 'Le Customer Service a accepté la synchronisation.',
      csSyncedId: 'Le Customer Service a accepté la synchronisation (utilisateur {{id}}).',
      csNoRead:
        'Le Customer Service n’a pas de point d’accès en lecture ; une resynchronisation renvoie l’utilisateur, ce qui peut se répéter sans risque.',
      notConfigured: 'Non configuré.',
      bcNotChosen:
        'Aucune boutique BigCommerce n’est choisie pour la resynchronisation ; choisissez-en une dans Réglages → Cibles de resynchronisation.',
      bcExists: 'Le client BigCommerce {{id}} existe déjà dans {{label}} ; rien n’a été créé.',
      bcNeedsNames:
        'Aucun client BigCommerce n’a cet e-mail dans {{label}} ; un prénom et un nom sont nécessaires pour en créer un.',
      bcCreated: 'Client BigCommerce {{id}} créé dans {{label}}.',
      bcCreatedNoId: 'Un client BigCommerce a été créé dans {{label}} (son id n’a pas été renvoyé).',
      bcMeanwhile: 'Le client BigCommerce {{id}} a été créé entre-temps dans {{label}} ; rien de plus n’a été créé.',
      bcAnswered: 'BigCommerce a répondu HTTP {{status}}.',
      bcCheckExists: 'Le client {{id}} existe dans {{label}}.',
      bcCheckAbsent: 'Aucun client n’a cet e-mail dans {{label}} ; une resynchronisation en crée un.',
      bcUncheckable: 'BigCommerce n’a pas pu être vérifié.',
      c24NotChosen:
        'Aucune boutique Cafe24 n’est choisie pour la resynchronisation ; choisissez-en une dans Réglages → Cibles de resynchronisation.',
      c24Present: 'Le membre Cafe24 {{id}} a cet e-mail dans {{label}}.',
      c24Absent: 'Aucun membre Cafe24 n’a cet e-mail dans {{label}}.',
      unexpected: '{{name}} : une erreur inattendue ; le journal local a le détail.',
    },
    subtitle: 'Forcer la resynchronisation client d’un utilisateur, ou d’une liste d’utilisateurs',
    mode: 'Mode de resynchronisation',
    oneUser: 'Un utilisateur',
    aList: 'Une liste',
    loading: 'Lecture des cibles de resynchronisation…',
    emptyTitle: 'Aucune cible de resynchronisation',
    configure: 'Configurer les cibles dans Réglages',
    emptyBody:
      'La resynchronisation informe le Customer Service et vos boutiques BigCommerce et Cafe24 d’un utilisateur et montre chaque résultat aussitôt. Configurez le Customer Service dans Réglages et inscrivez une boutique pour commencer.',
    targets: 'Cibles',
    user: 'Utilisateur',
    email: 'E-mail',
    badEmail: 'Adresse e-mail non valide.',
    auth0Id: 'Id Auth0 (Customer Service)',
    firstName: 'Prénom',
    lastName: 'Nom',
    companyId: 'Id de l’entreprise',
    userType: 'Type d’utilisateur',
    check: 'Vérifier l’état actuel',
    running: 'Resynchronisation…',
    force: 'Forcer la resynchronisation',
    confirm: 'Confirmer la resynchronisation',
    confirmOne:
      'Resynchroniser {{email}} avec {{targets}} ? L’utilisateur est envoyé à chaque cible, ce qui peut créer un client BigCommerce. C’est enregistré dans le journal d’audit à votre nom.',
    runOne: 'Resynchroniser {{email}}',
    currentState: 'État actuel de {{email}}',
    runningWith: 'Resynchronisation de {{email}} avec {{targets}}…',
    result: 'Résultat · {{verdict}}',
    allSucceeded: 'toutes les cibles ont réussi',
    notAllSucceeded: 'toutes les cibles n’ont pas réussi',
    historyOf: 'Historique de {{email}}',
    history: 'Historique des resynchronisations',
    by: 'Par',
    statusCol: 'État',
    results: 'Résultats',
    users: 'Utilisateurs',
    chooseCsv: 'Choisir un fichier CSV…',
    usersToSync: 'Utilisateurs à resynchroniser',
    pasteHint: 'Collez un e-mail par ligne, ou un CSV avec un en-tête :',
    readList: 'Lire la liste',
    usersAtATimeLabel: 'Utilisateurs à la fois',
    usersAtATime: 'utilisateurs à la fois',
    preview: 'Aperçu de la liste',
    ready_one: '{{count}} utilisateur prêt',
    ready_many: '{{count}} utilisateurs prêts',
    ready_other: '{{count}} utilisateurs prêts',
    duplicates_one: '{{count}} e-mail répété envoyé une fois',
    duplicates_many: '{{count}} e-mails répétés envoyés une fois',
    duplicates_other: '{{count}} e-mails répétés envoyés une fois',
    skippedLines_one: '{{count}} ligne ignorée',
    skippedLines_many: '{{count}} lignes ignorées',
    skippedLines_other: '{{count}} lignes ignorées',
    line: 'Ligne {{line}} : {{message}}',
    runMany_one: 'Resynchroniser {{count}} utilisateur',
    runMany_many: 'Resynchroniser {{count}} utilisateurs',
    runMany_other: 'Resynchroniser {{count}} utilisateurs',
    confirmMany_one:
      'Resynchroniser {{count}} utilisateur avec {{targets}}, {{max}} à la fois ? Chaque passage est enregistré dans le journal d’audit à votre nom.',
    confirmMany_many:
      'Resynchroniser {{count}} utilisateurs avec {{targets}}, {{max}} à la fois ? Chaque passage est enregistré dans le journal d’audit à votre nom.',
    confirmMany_other:
      'Resynchroniser {{count}} utilisateurs avec {{targets}}, {{max}} à la fois ? Chaque passage est enregistré dans le journal d’audit à votre nom.',
    start: 'Démarrer',
    progress: 'Avancement de la liste',
    stopped: 'Arrêté',
    done: 'Terminé',
    ofTotal: '{{done}} sur {{total}}',
    tally: '{{succeeded}} réussis · {{failed}} en échec',
    retryFailed_one: 'Réessayer l’échec ({{count}})',
    retryFailed_many: 'Réessayer les {{count}} échecs',
    retryFailed_other: 'Réessayer les {{count}} échecs',
    summary: 'Résumé de la resynchronisation',
    copyCsv: 'Copier le résumé en CSV',
    outcome: {
      synced: 'Synchronisé',
      created: 'Créé',
      existing: 'Déjà présent',
      present: 'Présent',
      absent: 'Absent',
      skipped: 'Ignoré',
      failed: 'Échec',
    },
    status: {
      running: 'en cours',
      succeeded: 'réussi',
      failed: 'échec',
      cancelled: 'annulé',
    },
  },
  settings: {
    subtitle: 'Santé du stockage, emplacement des données, seuils et secrets d’intégration',
    secret: {
      'slack-webhook-url': 'URL du webhook entrant Slack',
      'customer-service-api-key': 'Clé d’API du Customer Service',
    },
    health: {
      title: 'Santé du stockage et du système',
      again: 'Relancer les vérifications',
      loading: 'Vérification du trousseau, de la base et du loopback…',
      ok: 'OK',
      warn: 'Attention',
      fail: 'Échec',
      dataDir: 'Dossier de données : {{dir}}',
    },
    store: {
      title: 'Où vivent les données',
      database: 'Base de données',
      postgres: 'PostgreSQL {{version}} — partagée par tous ceux qui y dirigent Gatehouse',
      sqlite: 'SQLite sur cet ordinateur — pour une personne',
      where: 'Où',
      schema: 'Schéma',
      schemaOlder: '{{schema}} (cette version écrit {{latest}})',
      roundTrip: 'Aller-retour',
      ms: '{{ms}} ms',
      encryption: 'Chiffrement',
      noTls: 'Aucun (cet ordinateur seulement)',
      moved:
        'Déplacé et vérifié : {{rows}} lignes dans {{tables}} tables sont maintenant dans {{to}}. Redémarrez Gatehouse pour l’utiliser ; {{from}} est resté tel quel et ne reçoit plus de changements.',
      backToFile_one:
        'Cet ordinateur reprend son propre fichier au prochain démarrage ({{count}} compte là) ; la base partagée garde tout ce qu’elle a.',
      backToFile_many:
        'Cet ordinateur reprend son propre fichier au prochain démarrage ({{count}} comptes là) ; la base partagée garde tout ce qu’elle a.',
      backToFile_other:
        'Cet ordinateur reprend son propre fichier au prochain démarrage ({{count}} comptes là) ; la base partagée garde tout ce qu’elle a.',
      joined_one: '{{to}} rejointe ({{count}} compte).',
      joined_many: '{{to}} rejointe ({{count}} comptes).',
      joined_other: '{{to}} rejointe ({{count}} comptes).',
      passwordKept: 'Le mot de passe est gardé dans le trousseau du système.',
      restart: 'Redémarrez Gatehouse pour l’utiliser.',
      leftBehind_one: 'Le compte du fichier de cet ordinateur y reste, sans fusion.',
      leftBehind_many: 'Les {{count}} comptes du fichier de cet ordinateur y restent, sans fusion.',
      leftBehind_other: 'Les {{count}} comptes du fichier de cet ordinateur y restent, sans fusion.',
      backHint:
        'Tout ramener dans un nouveau fichier SQLite de ce dossier de données (un ancien fichier y est mis de côté), ou quitter la base partagée et reprendre le fichier de cet ordinateur tel qu’il était.',
      teamLegend: 'Une équipe partage une console sur le PostgreSQL de l’organisation',
      modeMove: 'Déplacer les données de cet ordinateur dans une base vide (le premier de l’équipe)',
      modeJoin: 'Rejoindre une base où un collègue a déjà déplacé Gatehouse',
      moveHint: 'Tout est copié et vérifié table par table ; ce fichier reste tel quel.',
      joinHint: 'Rien n’est copié : cet ordinateur utilise les données partagées dès son prochain démarrage.',
      url: 'URL PostgreSQL',
      urlHint: 'Une autre machine exige sslmode=verify-full. Pas de mot de passe dans l’URL.',
      password: 'Mot de passe (gardé dans le trousseau du système, jamais dans un fichier)',
      plan: 'Ce qui serait copié',
      table: 'Table',
      rows: 'Lignes',
      test: 'Test de connexion',
      server: 'Serveur',
      data: 'Données Gatehouse',
      noData: 'Aucune : déplacez-y plutôt les données de cet ordinateur',
      hasData_one: 'Schéma {{schema}}, {{count}} compte',
      hasData_many: 'Schéma {{schema}}, {{count}} comptes',
      hasData_other: 'Schéma {{schema}}, {{count}} comptes',
      dryRun: 'Vérifier (à blanc)',
      moveBack: 'Ramener sur cet ordinateur…',
      join: 'Rejoindre…',
      moveTo: 'Déplacer vers PostgreSQL…',
      useOwn: 'Reprendre le fichier de cet ordinateur…',
      confirmMoveTitle: 'Déplacer les données ?',
      confirmSwitchTitle: 'Changer l’endroit où cet ordinateur garde ses données ?',
      newFile: 'un nouveau fichier SQLite de ce dossier de données',
      confirmMove:
        'Tout copier vers {{to}} et l’utiliser dès le prochain démarrage ? Le stockage actuel reste tel quel et ne reçoit plus de changements.',
      confirmJoin:
        'Utiliser {{to}} dès le prochain démarrage ? Rien n’est copié ; ce que contient le fichier de cet ordinateur y reste.',
      confirmLocal:
        'Reprendre le fichier SQLite de cet ordinateur dès le prochain démarrage ? La base partagée garde tout ce qu’elle a.',
      moving: 'Déplacement…',
      switching: 'Bascule…',
      moveIt: 'Déplacer',
      switch: 'Basculer',
    },
    prefs: {
      title: 'Préférences',
      loading: 'Chargement des préférences…',
      expiryWarningDays: 'Avertir quand un jeton expire dans les',
      expiryCriticalDays: 'Critique quand un jeton expire dans les',
      sessionTimeoutMinutes: 'Délai d’une session de connexion',
      maxConcurrentSessions: 'Connexions simultanées au plus',
      tokenExchangeRetries: 'Nouvelles tentatives d’échange de jeton',
      tokenExchangeTimeoutSeconds: 'Délai d’échange de jeton',
    },
    unit: {
      days: 'jours',
      minutes: 'minutes',
      sessions: 'sessions',
      times: 'fois',
      seconds: 'secondes',
    },
    secrets: {
      title: 'Secrets d’intégration',
      hint: 'Scellés dans le coffre ; plus jamais affichés une fois enregistrés.',
      stored: 'Enregistré, mis à jour',
      notSet: 'Non défini',
      seal: 'Sceller',
      replace: 'Remplacer',
      set: 'Définir',
      wipeEllipsis: 'Effacer…',
      wipeTitle: 'Effacer {{name}} ?',
      wipeBody:
        'Effacer {{name}} ? Il est supprimé du coffre aussitôt, et ce qui l’utilise cesse de fonctionner jusqu’à ce qu’un nouveau soit défini.',
      wipeCs: 'Les resynchronisations vers le Customer Service sont refusées.',
      wipe: 'Effacer',
    },
    appearance: {
      title: 'Apparence et langue',
      theme: 'Thème',
      system: 'Suivre le système',
      light: 'Clair',
      dark: 'Sombre',
      language: 'Langue',
    },
    alerts: {
      title: 'Alertes et maintien en vie',
      test: 'Envoyer une alerte de test',
      result: 'Bureau : {{desktop}} · Slack : {{slack}}',
      sent: 'envoyée',
      off: 'désactivée',
      noWebhook: 'aucun webhook défini',
      failed: 'échec (voir Incidents)',
      desktop: 'Notification de bureau quand le niveau d’expiration d’un compte change, échoue ou se rétablit',
      startAtLogin:
        'Lancer Gatehouse à l’ouverture de session, réduit dans la barre système, pour qu’aucun compte n’expire en votre absence',
      slackSet: 'les alertes partent aussi vers le webhook entrant défini plus bas.',
      slackUnset: 'définissez plus bas l’URL d’un webhook entrant pour recevoir les alertes dans un canal.',
      schedule: 'Quand l’application est fermée, planifiez (voir le README) :',
    },
    picker: {
      none: '— aucun —',
      narrow: 'Tapez pour filtrer',
      find: 'Trouver un compte {{provider}}',
      capped: 'Les {{count, number}} premiers par nom sont listés : tapez pour filtrer.',
      noMatch: 'Rien ne correspond à « {{text}} ».',
    },
    targets: {
      title: 'Cibles de resynchronisation',
      csUrl: 'URL du Customer Service',
      csAuth: 'Identifiant du Customer Service',
      apiKey: 'La clé d’API scellée plus bas',
      idp: 'Le jeton d’un compte du fournisseur d’identité',
      idpAccount: 'Compte du fournisseur d’identité',
      bigcommerce: 'Boutique BigCommerce (client obtenu ou créé)',
      cafe24: 'Boutique Cafe24 (recherche de client)',
    },
  },
  members: {
    subtitle: 'Qui partage cette console, avec quel rôle. La clé de chaque appareil reste dans son propre trousseau.',
    subtitleTeam:
      'L’équipe {{team}} : qui partage cette console, avec quel rôle. La clé de chaque appareil reste dans son propre trousseau.',
    loading: 'Chargement de l’équipe…',
    aloneTitle: 'Vous travaillez seul',
    aloneBody:
      'Les données de ce dossier sont à vous et vous en êtes l’administrateur. Une équipe partage une base PostgreSQL : chaque membre voit les mêmes comptes et agit sous son nom et son rôle, et la clé de chacun reste dans son propre trousseau.',
    aloneMove:
      'Pour créer une équipe, déplacez d’abord les données de ce dossier vers la base PostgreSQL de l’équipe (rien n’est perdu), puis revenez ici :',
    createTitle: 'Créer une équipe sur cette base',
    teamName: 'Nom de l’équipe',
    yourName: 'Votre nom',
    yourEmail: 'Votre e-mail (facultatif)',
    create: 'Créer l’équipe',
    created:
      'L’équipe {{team}} est créée et vous en êtes le premier administrateur. Empreinte de cet appareil : {{fingerprint}}.',
    joinTitle: 'Demander à rejoindre {{team}}',
    joinBody:
      'Cet appareil n’est pas encore membre. Demandez à rejoindre l’équipe : un administrateur compare l’empreinte de cet appareil avec celle que vous lui lisez, puis l’approuve.',
    join: 'Demander à rejoindre',
    asked: 'Demande envoyée. Lisez cette empreinte à un administrateur : {{fingerprint}}',
    pendingTitle: 'En attente de l’approbation d’un administrateur',
    pendingBody:
      'Lisez cette empreinte à un administrateur de {{team}}. Il la compare avec celle de son écran avant d’approuver ; d’ici là, cet appareil n’ouvre aucun secret.',
    removedTitle: 'Cet appareil a été retiré de {{team}}',
    removedBody:
      'Il n’ouvre rien de ce qui a été écrit depuis. Si c’était une erreur, demandez à rejoindre de nouveau.',
    operatorIs: 'Vous agissez en tant que {{name}} ({{role}}).',
    yourFingerprint: 'Empreinte de cet appareil',
    table: 'Membres de {{team}}',
    name: 'Nom',
    role: 'Rôle',
    roleOf: 'Rôle de {{name}}',
    status: 'État',
    fingerprint: 'Empreinte',
    since: 'Depuis',
    seen: 'vu',
    actions: 'Actions',
    thisDevice: 'cet appareil',
    state: {
      pending: 'en attente d’approbation',
      active: 'actif',
      removed: 'retiré',
    },
    removedBy: 'par {{name}}',
    approve: 'Approuver…',
    approveTitle: 'Approuver {{name}}',
    approveBody:
      'Demandez à {{name}} de lire l’empreinte sur son propre écran (pas dans un message que n’importe qui pourrait modifier) et saisissez-la ici. N’approuvez que si elle correspond.',
    typedFingerprint: 'L’empreinte qu’on vous a lue',
    match: 'Correspond à la clé envoyée par l’appareil de {{name}}.',
    mismatch: 'Ne correspond pas : n’approuvez pas.',
    approveAs: 'Approuver comme {{role}}',
    approved: '{{name}} est approuvé comme {{role}} : la clé d’équipe est chiffrée pour son appareil.',
    roleChanged: '{{name}} a désormais le rôle {{role}}.',
    remove: 'Retirer…',
    removeTitle: 'Retirer {{name}} ?',
    removeBody:
      'Son appareil perd sa clé : la clé d’équipe est renouvelée et chaque secret est scellé de nouveau en une seule transaction, si bien que rien de ce qui est écrit désormais ne s’ouvre pour lui. À utiliser aussi pour un portable perdu.',
    removeIt: 'Retirer et renouveler la clé',
    removed_one:
      '{{name}} retiré : la clé d’équipe est maintenant la v{{version}}, {{count}} secret scellé de nouveau.',
    removed_many:
      '{{name}} retiré : la clé d’équipe est maintenant la v{{version}}, {{count}} secrets scellés de nouveau.',
    removed_other:
      '{{name}} retiré : la clé d’équipe est maintenant la v{{version}}, {{count}} secrets scellés de nouveau.',
    pendingCount_one: '{{count}} appareil en attente d’approbation',
    pendingCount_many: '{{count}} appareils en attente d’approbation',
    pendingCount_other: '{{count}} appareils en attente d’approbation',
    trust:
      'La base contient les secrets scellés, la clé publique de chaque membre avec la clé d’équipe chiffrée pour elle, et des métadonnées en clair. Chaque membre approuvé peut ouvrir tous les secrets de l’équipe, comme dans un coffre partagé. Les rôles évitent les erreurs et tracent les responsabilités ; chaque Gatehouse les applique, pas la base.',
  },
};
