import type { Locale } from './Locale';

/**
 * Portuguese as written in Brazil (CLDR's `pt`; Portugal is `pt-PT`), addressing the user as
 * "você". In Portuguese 0 and 1 take the singular, as `Intl.PluralRules` says. The SMS text says
 * "senha de acesso" and "vale uma vez": "código", "único", "temporária" and "verificação" all
 * carry a letter GSM-7 lacks (ó, ú, á, ç, ã), any of which would send the whole SMS as UCS-2.
 */
export const pt: Locale = Object.freeze({
  tag: 'pt',
  messages: Object.freeze({
    title: 'Digite seu código de verificação',
    sentTo: 'Enviamos um código por SMS para {{mobile}}.',
    codeLabel: 'Código de verificação',
    codeHintNumeric: 'O código tem {{length}} dígitos.',
    codeHintAlphanumeric: 'O código tem {{length}} caracteres, entre letras e números.',
    submit: 'Continuar',
    resend: 'Enviar um novo código',
    resendWait: 'Você poderá pedir um novo código em {{seconds}} segundos.',
    attemptsLeft_one: 'Resta {{count}} tentativa.',
    attemptsLeft_many: 'Restam {{count}} tentativas.',
    attemptsLeft_other: 'Restam {{count}} tentativas.',
    resent: 'Enviamos um novo código para {{mobile}}. O código anterior deixou de valer.',
    startOver: 'Fazer login novamente',
    wrongCode_one: 'Código incorreto. Resta {{count}} tentativa.',
    wrongCode_many: 'Código incorreto. Restam {{count}} tentativas.',
    wrongCode_other: 'Código incorreto. Restam {{count}} tentativas.',
    codeDead: 'Código incorreto. Como foram digitados códigos errados demais, ele deixou de valer. Peça um novo código.',
    codeUsed: 'Este código já foi usado.',
    codeExpired: 'Este código expirou. Peça um novo código.',
    noCode: 'Nenhum código foi enviado ainda. Peça um código.',
    codeMissing: 'Digite o código recebido por SMS.',
    codeMalformed: 'Digite o código de {{length}} caracteres recebido por SMS.',
    resendTooSoon_one: 'Aguarde {{seconds}} segundo antes de pedir outro código.',
    resendTooSoon_many: 'Aguarde {{seconds}} segundos antes de pedir outro código.',
    resendTooSoon_other: 'Aguarde {{seconds}} segundos antes de pedir outro código.',
    resendLimit: 'Você pediu códigos demais. Faça login novamente para recomeçar.',
    sendQuota: 'Foram enviados códigos demais para esta conta ou este número. Tente novamente em {{wait}}.',
    locked: 'Foram digitados códigos errados demais, por isso a verificação por SMS está bloqueada para esta conta. Tente novamente em {{wait}}.',
    mobileRefused: 'Não podemos enviar códigos para o número de celular cadastrado nesta conta. Entre em contato com o suporte para atualizá-lo.',
    sendFailed: 'Não conseguimos enviar um código para {{mobile}}. Tente novamente.',
    retry: 'Tentar novamente',
    noMobile: 'Nenhum número de celular está cadastrado nesta conta.',
    unsupportedForm: 'Não foi possível ler o formulário. Envie-o novamente pela página.',
    signInExpired: 'Seu login expirou. Faça login novamente.',
    unavailable: 'A verificação não está disponível no momento. Tente novamente em instantes.',
  }),
  messageTemplate: 'Sua senha de acesso para {{appName}} é {{code}}. Vale uma vez, por {{expiry}}.',
  defaultAppName: 'sua conta',
  durations: Object.freeze({
    hour_one: '{{count}} hora',
    hour_many: '{{count}} horas',
    hour_other: '{{count}} horas',
    minute_one: '{{count}} minuto',
    minute_many: '{{count}} minutos',
    minute_other: '{{count}} minutos',
    second_one: '{{count}} segundo',
    second_many: '{{count}} segundos',
    second_other: '{{count}} segundos',
    separator: ', ',
    lastSeparator: ' e ',
  }),
});
