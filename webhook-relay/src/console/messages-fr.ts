/** The console's words in French; the `Messages` type keeps it in step with `messages-en.ts`. */
import type { Messages } from './messages-en';

export const fr: Messages = {
  languageName: 'Français',
  appName: 'Relais Cardbridge',
  consoleName: 'Console du relais',
  navConnections: 'Connexions',
  navConnect: 'Se connecter à Salesforce',
  navExchanges: 'Échanges',
  signOut: 'Se déconnecter',
  language: 'Langue',

  signInTitle: 'Connexion',
  signInIntro:
    'Saisissez le jeton d’administration de ce relais (RELAY_ADMIN_TOKEN) pour gérer ses connexions d’org et ses échanges.',
  tokenLabel: 'Jeton d’administration',
  signInButton: 'Se connecter',
  signInFailed: 'Ce n’est pas le jeton d’administration de ce relais.',
  signInThrottled: (minutes: number) =>
    `Trop de jetons erronés sont venus de votre adresse. Réessayez dans ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  consoleDisabled: 'La console est désactivée : définissez RELAY_ADMIN_TOKEN et redémarrez le relais.',
  sessionEnded: 'Votre session a pris fin. Reconnectez-vous.',
  signedOut: 'Vous êtes déconnecté.',
  csrfRefusedTitle: 'Requête refusée',
  csrfRefused:
    'Ce formulaire a expiré ou ne vient pas de la console : rien n’a été modifié. Revenez en arrière, rechargez la page et réessayez.',
  backToConsole: 'Retour à la console',

  connectionsTitle: 'Connexions aux orgs',
  connectionsEmpty: 'Aucune org n’est encore connectée. Les échanges attendent qu’une le soit.',
  colName: 'Nom',
  colState: 'État',
  colAccounts: 'Comptes servis',
  colQueue: 'En file',
  colLastPublish: 'Dernière publication',
  colLastError: 'Dernière erreur',
  colActions: 'Actions',
  allAccounts: 'Tous les comptes',
  never: 'Jamais',
  none: '—',
  fromConfig: 'du fichier de configuration',
  testButton: 'Tester',
  removeButton: 'Supprimer',
  removed: (name, unrouted) =>
    unrouted > 0
      ? `Connexion « ${name} » supprimée. Ses ${unrouted} échange(s) en file attendent, non routés, une connexion qui serve leur compte.`
      : `Connexion « ${name} » supprimée.`,
  editButton: 'Modifier',
  needsAccounts: 'Ne liste aucun compte : modifiez-la pour nommer les comptes qu’elle sert',
  secretUnreadable:
    'Ses secrets enregistrés ne s’ouvrent pas avec la clé maîtresse de ce relais. Démarrez le relais avec la clé qui les a scellés (RELAY_MASTER_KEYS_OLD), ou supprimez-la et connectez-la à nouveau : ses échanges en file attendent, non routés, la nouvelle connexion.',
  catchAll: 'Tous les comptes qu’aucune autre connexion ne sert (un seul client)',
  unroutedWaiting: (n) => `${n} échange(s) attendent une connexion qui serve leur compte.`,
  stateNames: {
    ok: 'OK',
    auth_failed: 'Échec d’authentification',
    package_missing: 'Package absent',
    throttled: 'Limité',
    unreachable: 'Injoignable',
    needs_accounts: 'Ne sert aucun compte',
    secret_unreadable: 'Secrets illisibles',
    encryption_failed: 'Chiffrement des événements en échec',
    stopped: 'Arrêtée'
  },

  connectTitle: 'Se connecter à Salesforce',
  connectIntro:
    'Créez une application connectée (ou une application client externe) dans votre org, copiez-y l’URL de rappel ci-dessous, puis collez ici sa clé et son secret consommateur.',
  fieldName: 'Nom de la connexion',
  fieldNameHelp: 'Par exemple « Acme production ».',
  fieldInstanceUrl: 'URL My Domain',
  fieldInstanceUrlHelp: 'https://votre-domaine.my.salesforce.com',
  fieldFlow: 'Authentification',
  flowNames: {
    client_credentials: 'Identifiants client',
    jwt: 'Porteur JWT (certificat)',
    web_server: 'Flux serveur web (jeton d’actualisation)'
  },
  fieldClientId: 'Clé consommateur',
  fieldClientSecret: 'Secret consommateur',
  fieldPrivateKey: 'Clé privée du certificat (PEM)',
  fieldUsername: 'Nom d’utilisateur de l’intégration',
  secretKept: 'Laissez vide pour garder celui enregistré. Les secrets ne sont jamais réaffichés.',
  fieldCallbackUrl: 'URL de rappel',
  fieldCallbackUrlHelp: 'Collez-la dans l’URL de rappel de l’application dans Salesforce.',
  copyButton: 'Copier',
  copied: 'Copié',
  fieldAccounts: 'Comptes de la plateforme de cartes',
  fieldAccountsHelp:
    'Identifiants de comptes, séparés par des virgules ou un par ligne : au moins un. Chaque compte va à une seule org.',
  fieldLoginUrl: 'URL de connexion (audience JWT)',
  fieldLoginUrlHelp:
    'Vide : https://login.salesforce.com. Pour une sandbox : https://test.salesforce.com, ou l’URL My Domain de la sandbox.',
  connectButton: 'Connecter',
  formInvalid: 'La connexion n’a pas été enregistrée. Corrigez les champs signalés ci-dessous.',
  required: 'Renseignez ce champ.',
  invalidUrl: 'Saisissez une URL https comme https://acme.my.salesforce.com.',
  invalidPem: 'Collez toute la clé privée PEM, lignes BEGIN et END comprises.',
  invalidName: 'Utilisez des lettres ou des chiffres (120 caractères au plus).',
  accountsRequired: 'Listez les identifiants des comptes que cette org sert (au moins un).',
  notSalesforceHost:
    'Saisissez une URL Salesforce : https://votre-domaine.my.salesforce.com (sandboxes …sandbox.my.salesforce.com), https://login.salesforce.com ou https://test.salesforce.com, sans rien après.',
  secretRequiredAgain:
    'Saisissez-le à nouveau : l’URL, la clé consommateur, le flux ou l’utilisateur a changé, et le secret enregistré n’est jamais envoyé à une nouvelle destination.',
  alreadyExists: (name) =>
    `Une connexion nommée « ${name} » existe déjà. Rien n’a été modifié. Pour la changer, modifiez-la depuis la page Connexions.`,
  accountTaken: (accountId, name) =>
    `Le compte ${accountId} est déjà servi par la connexion « ${name} ». Chaque compte va à une seule org ; rien n’a été enregistré.`,
  configuredConnection: (name) => `« ${name} » vient du fichier de configuration du relais : modifiez-la là.`,
  editTitle: (name) => `Modifier « ${name} »`,
  editIntro:
    'Changez ce qu’utilise cette connexion. Les secrets laissés vides restent ceux enregistrés tant que l’URL, la clé consommateur, le flux et l’utilisateur ne changent pas.',
  reviewButton: 'Vérifier les changements',
  confirmTitle: (name) => `Modifier « ${name} » ?`,
  confirmIntro: 'Ces changements s’appliquent aussitôt à tout ce que cette connexion publiera :',
  confirmButton: 'Confirmer les changements',
  cancelButton: 'Annuler',
  confirmExpired: 'Ce changement a expiré ou a déjà été appliqué. Modifiez à nouveau la connexion.',
  changeNames: {
    name: 'Nom',
    instanceUrl: 'URL My Domain',
    apiVersion: 'Version d’API',
    namespace: 'Espace de noms',
    accountIds: 'Comptes servis',
    'auth.flow': 'Flux d’authentification',
    'auth.clientId': 'Clé consommateur',
    'auth.username': 'Utilisateur d’intégration',
    'auth.loginUrl': 'URL de connexion',
    'auth.clientSecret': 'Secret consommateur (remplacé)',
    'auth.privateKey': 'Clé privée (remplacée)',
    'auth.refreshToken': 'Autorisation (Salesforce la redemandera)'
  },
  accountsDropped:
    'Les échanges en file pour les comptes qu’elle ne sert plus attendent à nouveau qu’une connexion les serve.',
  nothingChanged: 'Rien n’a changé.',
  updated: (name) => `« ${name} » a été modifiée.`,
  connected: (name) => `Connecté à « ${name} ». Les événements peuvent être publiés dans cette org.`,
  failedAt: (name, step) => `« ${name} » est enregistrée, mais la vérification a échoué à l’étape : ${step}.`,
  whatToDo: 'Que faire :',
  stepNames: {
    token: 'authentification (jeton OAuth)',
    describe: 'l’objet événement Card Exchange',
    permission: 'l’autorisation de publier',
    done: 'terminé'
  },
  testOutcomes: {
    ok: { message: 'Connecté : les événements peuvent être publiés dans cette org.', hint: '' },
    wrong_domain: {
      message: 'Cette URL de connexion n’accepte pas le flux identifiants client.',
      hint: 'Utilisez votre URL My Domain (https://<votre-domaine>.my.salesforce.com), pas login.salesforce.com.'
    },
    host_not_allowed: {
      message: 'Le relais ne peut pas envoyer d’identifiants à cette adresse : ce n’est pas un hôte Salesforce.',
      hint: 'Utilisez l’URL My Domain de l’org (https://<votre-domaine>.my.salesforce.com, ou https://test.salesforce.com pour une sandbox).'
    },
    redirected: {
      message: 'L’org a répondu par une redirection, que le relais ne suit pas.',
      hint: 'Utilisez l’URL My Domain actuelle de l’org, telle que Configuration > My Domain l’affiche.'
    },
    invalid_client_id: {
      message: 'L’org ne reconnaît pas cette clé consommateur.',
      hint: 'Recopiez la clé consommateur depuis l’application. Une application nouvelle ou modifiée peut mettre jusqu’à 10 minutes à s’activer.'
    },
    invalid_client_secret: {
      message: 'La clé et le secret consommateur ne correspondent pas.',
      hint: 'Recopiez le secret consommateur depuis l’application. Une application nouvelle ou modifiée peut mettre jusqu’à 10 minutes à s’activer.'
    },
    flow_not_enabled: {
      message: 'L’application n’autorise pas encore le flux identifiants client.',
      hint: 'Dans l’application, activez le flux identifiants client et choisissez un utilisateur « Exécuter en tant que » ; comptez jusqu’à 10 minutes.'
    },
    auth_failed: {
      message: 'L’org a refusé l’authentification ou l’appel d’API.',
      hint: 'Vérifiez les réglages de l’application, les identifiants et l’accès API de l’utilisateur.'
    },
    unreachable: {
      message: 'Impossible de joindre l’org.',
      hint: 'Vérifiez l’URL My Domain et que le relais peut la joindre en HTTPS.'
    },
    package_missing: {
      message: 'L’événement Card Exchange n’existe pas dans cette org.',
      hint: 'Installez le package Cardbridge dans cette org.'
    },
    not_createable: {
      message: 'L’utilisateur d’intégration ne peut pas publier d’événements Card Exchange.',
      hint: 'Attribuez l’ensemble d’autorisations « utilisateur d’intégration » de Cardbridge à l’utilisateur « Exécuter en tant que ».'
    },
    throttled: {
      message: 'L’org a épuisé son quota de requêtes d’API pour le moment.',
      hint: 'Réessayez plus tard.'
    },
    salesforce_error: { message: 'Salesforce a répondu par une erreur.', hint: 'Voir le détail ci-dessous.' }
  },

  oauthRedirecting: 'Salesforce va vous demander d’autoriser l’accès, puis vous ramènera ici.',
  oauthExpired: 'Cette connexion à Salesforce a expiré ou a déjà servi. Cliquez à nouveau sur Connecter.',
  oauthDenied: (reason) => `Salesforce n’a pas autorisé le relais : ${reason}`,
  oauthFinishing: 'Finalisation de la connexion…',
  oauthNeedsRefreshScope:
    'Dans l’application, ajoutez les portées OAuth « Effectuer des requêtes à tout moment (refresh_token, offline_access) » et « Gérer les données utilisateur via les API (api) ».',
  continueButton: 'Continuer',

  exchangesTitle: 'Échanges',
  lookupTitle: 'Rechercher un échange',
  fieldExchangeId: 'Identifiant d’échange',
  findButton: 'Rechercher',
  exchangeNotFound: (id) => `Aucun échange d’identifiant « ${id} » n’a été reçu.`,
  colWebhookId: 'Identifiant de webhook',
  colAttempts: 'Tentatives',
  colEventUuid: 'UUID de l’événement Salesforce',
  colReceived: 'Reçu',
  colConnection: 'Connexion',
  colReason: 'Motif',
  colSelect: 'Sélection',
  exchangeStates: {
    queued: 'En file',
    published: 'Publié',
    dead: 'Lettre morte',
    unrouted: 'En attente d’une connexion'
  },
  deadLettersTitle: 'Lettres mortes',
  deadLettersEmpty: 'Aucune lettre morte : chaque échange a été publié ou est en route.',
  deadLettersRange: (first: number, last: number, total: number) =>
    `${first.toLocaleString('fr')} à ${last.toLocaleString('fr')} sur ${total.toLocaleString('fr')}, les plus récentes d’abord.`,
  deadLettersPages: 'Pages de lettres mortes',
  newerPage: 'Plus récentes',
  olderPage: 'Plus anciennes',
  replayButton: 'Rejouer la sélection',
  replayNothingSelected: 'Sélectionnez au moins une lettre morte à rejouer.',
  replayStarted: (n) => `${n} lettre(s) morte(s) remise(s) en file.`,
  replayProgressTitle: 'Progression du rejeu',
  replayProgress: (published, total) => `${published} sur ${total} publiés`,
  replayStillDead: (n) => `${n} ont de nouveau échoué ; voir le motif ci-dessous.`,
  replayDone: 'Rejeu terminé.',
  selectRow: (id) => `Sélectionner ${id}`,
  colInOrg: 'Dans l’org',
  colResends: 'Renvoyé',
  receiptAwaited: 'En attente de l’accusé de réception de l’org',
  receiptNoIntegration: 'Reçu ; aucune intégration ne l’a pris',
  receiptHeld: (status, code) => `Retenu dans l’org (${status}${code ? ` : ${code}` : ''})`,
  unconfirmedTitle: 'Échanges non confirmés',
  unconfirmedHelp:
    'Salesforce les a acceptés, mais l’org n’en garde aucune trace, même après un nouvel envoi. Vérifiez l’abonné Cardbridge dans l’org (l’assistant de configuration montre son état), puis renvoyez-les.',
  unconfirmedEmpty: 'Aucun échange non confirmé : l’org a enregistré chaque échange envoyé, ou le fera bientôt.',
  unconfirmedCount: (shown, total) =>
    shown < total ? `Les ${shown} plus anciens sur ${total}.` : `${total} échange(s).`,
  replayUnconfirmedButton: 'Renvoyer la sélection',
  unconfirmedReplayStarted: (n) => `${n} échange(s) non confirmé(s) remis en file pour un nouvel envoi.`,
  unconfirmedNothingSelected: 'Sélectionnez au moins un échange non confirmé à renvoyer.',
  testExchangeTitle: 'Envoyer un échange de test',
  testExchangeIntro:
    'Envoie John Doe par tout le chemin, comme le ferait une plateforme de cartes, et attend que l’org dise ce qu’il est devenu.',
  fieldConnection: 'Connexion à l’org',
  sendTestButton: 'Envoyer un échange de test',
  testNoConnection: 'Choisissez une connexion à une org enregistrée dans cette console.',
  testCreated: (status, object, id, org) =>
    `John Doe a été ${status === 'Updated' ? 'mis à jour' : 'créé'} comme ${object} (${id}) dans ${org}`,
  openInSalesforce: 'L’ouvrir dans Salesforce',
  testFailed: (org) => `${org} a reçu John Doe, mais son intégration a échoué`,
  testFailedHint:
    'Corrigez ce que dit l’org (souvent une permission qui manque à l’utilisateur d’exécution de l’abonné : l’assistant de configuration les vérifie), puis relancez-le depuis le journal des échanges dans Salesforce.',
  testHeld: (org) => `${org} garde John Doe sans le traiter`,
  testHeldHint:
    'Ouvrez l’assistant de configuration Card Exchange dans l’org : il dit pourquoi les échanges attendent (le plus souvent, l’abonné n’a pas d’utilisateur d’exécution) et les traite une fois corrigé.',
  testNotDelivered: (org) => `John Doe n’est pas arrivé dans ${org}`,
  testNoRecord: (org) => `${org} a reçu John Doe et n’a créé aucun enregistrement`,
  testNoIntegration:
    'Aucune intégration active ne l’a pris : vérifiez les intégrations et leurs filtres de cartes dans l’org.',
  testNoReceiptYet: (org, seconds) => `Aucune nouvelle de ${org} après ${seconds} s`,
  testNoReceiptHint:
    'L’échange est enregistré et poursuit sa route ; la page des échanges montre où il en est. Si l’org ne l’enregistre jamais, le relais le renvoie, puis le liste comme non confirmé.',
  testStepStored: 'Enregistré par le relais',
  testStepPublished: 'Accepté par Salesforce',
  testStepConfirmed: (org) => `Enregistré par le package Cardbridge dans ${org}`,
  testExchangeIdIs: (id) => `Identifiant de l’échange : ${id}`,
  testSeeDetails: 'Voir le détail'
};
