import type { Locale } from './Locale';

/**
 * French, addressing the user as "vous". Sentences avoid ":", "?" and "!", which French sets
 * off with a no-break space. In French 0 takes the singular ("Il reste 0 tentative"), as
 * `Intl.PluralRules` says. The SMS text keeps to GSM-7: "à" and "é" are in it, "ç", "â", "ê"
 * and "ô" are not.
 */
export const fr: Locale = Object.freeze({
  tag: 'fr',
  messages: Object.freeze({
    title: 'Saisissez votre code de vérification',
    sentTo: 'Nous avons envoyé un code par SMS au {{mobile}}.',
    codeLabel: 'Code de vérification',
    codeHintNumeric: 'Le code comporte {{length}} chiffres.',
    codeHintAlphanumeric: 'Le code comporte {{length}} caractères (lettres et chiffres).',
    submit: 'Continuer',
    resend: 'Envoyer un nouveau code',
    resendWait: 'Vous pourrez demander un nouveau code dans {{seconds}} secondes.',
    attemptsLeft_one: 'Il reste {{count}} tentative.',
    attemptsLeft_many: 'Il reste {{count}} tentatives.',
    attemptsLeft_other: 'Il reste {{count}} tentatives.',
    resent: 'Nous avons envoyé un nouveau code au {{mobile}}. Le code précédent n’est plus valable.',
    startOver: 'Se reconnecter',
    wrongCode_one: 'Ce code est incorrect. Il reste {{count}} tentative.',
    wrongCode_many: 'Ce code est incorrect. Il reste {{count}} tentatives.',
    wrongCode_other: 'Ce code est incorrect. Il reste {{count}} tentatives.',
    codeDead: 'Ce code est incorrect et trop de codes erronés ont été saisis, il n’est donc plus valable. Demandez un nouveau code.',
    codeUsed: 'Ce code a déjà été utilisé.',
    codeExpired: 'Ce code a expiré. Demandez un nouveau code.',
    noCode: 'Aucun code n’a encore été envoyé. Demandez un code.',
    codeMissing: 'Saisissez le code reçu par SMS.',
    codeMalformed: 'Saisissez le code de {{length}} caractères reçu par SMS.',
    resendTooSoon_one: 'Veuillez patienter {{seconds}} seconde avant de demander un autre code.',
    resendTooSoon_many: 'Veuillez patienter {{seconds}} secondes avant de demander un autre code.',
    resendTooSoon_other: 'Veuillez patienter {{seconds}} secondes avant de demander un autre code.',
    resendLimit: 'Vous avez demandé trop de codes. Reconnectez-vous pour recommencer.',
    sendQuota: 'Trop de codes ont été envoyés à ce compte ou à ce numéro. Réessayez dans {{wait}}.',
    locked: 'Trop de codes erronés ont été saisis, la vérification par SMS est donc bloquée pour ce compte. Réessayez dans {{wait}}.',
    mobileRefused: 'Nous ne pouvons pas envoyer de codes au numéro de mobile enregistré pour ce compte. Veuillez contacter l’assistance pour le mettre à jour.',
    sendFailed: 'Nous n’avons pas pu envoyer de code au {{mobile}}. Veuillez réessayer.',
    retry: 'Réessayer',
    noMobile: 'Aucun numéro de mobile n’est enregistré pour ce compte.',
    unsupportedForm: 'Le formulaire n’a pas pu être lu. Veuillez le renvoyer depuis la page.',
    signInExpired: 'Votre connexion a expiré. Veuillez vous reconnecter.',
    unavailable: 'La vérification est indisponible pour le moment. Veuillez réessayer dans un instant.',
  }),
  messageTemplate: 'Votre code à usage unique pour {{appName}} est {{code}}, valable {{expiry}}.',
  defaultAppName: 'votre compte',
  durations: Object.freeze({
    hour_one: '{{count}} heure',
    hour_many: '{{count}} heures',
    hour_other: '{{count}} heures',
    minute_one: '{{count}} minute',
    minute_many: '{{count}} minutes',
    minute_other: '{{count}} minutes',
    second_one: '{{count}} seconde',
    second_many: '{{count}} secondes',
    second_other: '{{count}} secondes',
    separator: ', ',
    lastSeparator: ' et ',
  }),
});
